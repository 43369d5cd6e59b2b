package io.tidemark.dynamodb;

/**
 * The key of a row that one step of one shard writes in parts: partition {@code pk}, and for part {@code i} the sort key
 * {@code <prefix><step, 20 digits>#<i, 4 digits>}, so that a partition's rows sort by step, then part. Sessions, alerts
 * and quarantine rows have the prefix {@code step#}, snapshots {@code snap#}, archived orders {@code <shard>#step#}; a
 * log entry is keyed by its step alone, its extra parts by step, content hash and part.
 */
record StepRowKey(String pk, String prefix, long step) {

    /** The prefix of the rows keyed by step alone: sessions, alerts, quarantine. */
    static final String STEP = "step#";

    /** A row of {@code pk} keyed by step alone. */
    static StepRowKey of(String pk, long step) {
        return new StepRowKey(pk, STEP, step);
    }

    /** The query of the partition's parts of every step after {@code afterStep}, in step, then part order. */
    static KeyQuery stepsAfter(String pk, String prefix, long afterStep) {
        return KeyQuery.between(pk, new StepRowKey(pk, prefix, afterStep + 1).sk(0), new StepRowKey(pk, prefix, Long.MAX_VALUE).sk(9999));
    }

    /** The sort key that names the step: what every part's begins with (a log entry's own key). */
    String stepSk() {
        return prefix + pad(step, 20);
    }

    /** The sort key of part {@code part}. */
    String sk(int part) {
        return stepSk() + "#" + pad(part, 4);
    }

    /** The sort key of part {@code part} of the parts named {@code tag} (a log entry's, by its content hash). */
    String sk(String tag, int part) {
        return stepSk() + "#" + tag + "#" + pad(part, 4);
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}

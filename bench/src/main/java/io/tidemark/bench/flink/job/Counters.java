package io.tidemark.bench.flink.job;

/** Names of the job's accumulators: the docs/spec.md §5 counts. */
public final class Counters {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATES = "duplicates";
    public static final String REJECTED = "rejected";
    /** Records before the horizon when classified (docs/spec.md §3): they change no view. */
    public static final String LATE = "late";

    private Counters() {
    }
}

package io.tidemark.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How records reach the Kinesis handler: the settings of Lambda's Kinesis event source mapping.
 * The CDK stack writes them into the template and the local event-source runner obeys the same
 * values, so local runs behave like the deployed pipeline.
 *
 * @param batchSize                   records per invocation, 1..10 000
 * @param maximumBatchingWindow       how long to gather records before invoking, 0..300 s
 * @param startingPosition            where a new mapping starts reading
 * @param reportBatchItemFailures     the handler returns {@code batchItemFailures}
 * @param bisectBatchOnFunctionError  split a failing batch in two and retry each half
 * @param maximumRetryAttempts        retries of a failing batch before it goes to the on-failure destination
 * @param maximumRecordAge            records older than this go to the on-failure destination unprocessed
 * @param parallelizationFactor       concurrent batches per shard, 1..10 (order kept per partition key)
 */
public record EventSourceSettings(
        int batchSize,
        Duration maximumBatchingWindow,
        StartingPosition startingPosition,
        boolean reportBatchItemFailures,
        boolean bisectBatchOnFunctionError,
        int maximumRetryAttempts,
        Duration maximumRecordAge,
        int parallelizationFactor) {

    public enum StartingPosition { TRIM_HORIZON, LATEST }

    /**
     * How long a record may take from the stream to the views by default: 2 s, measured on a timed stream of 12 events a
     * second on one shard (docs/benchmarks.md, "A quiet stream"): its batching window (1 s) keeps the write units per
     * event under 0.3 with the put-to-view p99 under 3 s; 1 s (no window) costs several times the units; 3 s is cheaper
     * still, but its p99 (2.6 s where the local mapping polls every 200 ms) leaves no room for Lambda's poll of about a second.
     */
    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofSeconds(2);
    /** What a budget keeps for the rest of the way: Lambda polls a shard once a second, and the step itself. */
    static final Duration DELIVERY_RESERVE = Duration.ofSeconds(1);

    public EventSourceSettings {
        Objects.requireNonNull(maximumBatchingWindow, "maximumBatchingWindow");
        Objects.requireNonNull(startingPosition, "startingPosition");
        Objects.requireNonNull(maximumRecordAge, "maximumRecordAge");
        require(batchSize >= 1 && batchSize <= 10_000, "batchSize must be 1..10000, got " + batchSize);
        require(!maximumBatchingWindow.isNegative() && maximumBatchingWindow.compareTo(Duration.ofSeconds(300)) <= 0,
                "maximumBatchingWindow must be 0..300 s, got " + maximumBatchingWindow);
        require(maximumRetryAttempts >= 0 && maximumRetryAttempts <= 10_000,
                "maximumRetryAttempts must be 0..10000, got " + maximumRetryAttempts);
        require(maximumRecordAge.compareTo(Duration.ofSeconds(60)) >= 0 && maximumRecordAge.compareTo(Duration.ofDays(7)) <= 0,
                "maximumRecordAge must be 60 s..7 days, got " + maximumRecordAge);
        require(parallelizationFactor >= 1 && parallelizationFactor <= 10,
                "parallelizationFactor must be 1..10, got " + parallelizationFactor);
    }

    /**
     * Defaults: 500 records a batch, the batching window of the default latency budget, partial batch
     * responses with bisection, a bounded number of retries so that a poison record never blocks its
     * shard, and records kept for the stream's default 24 h retention.
     */
    public static EventSourceSettings defaults() {
        return new EventSourceSettings(500, batchingWindowFor(DEFAULT_LATENCY_BUDGET), StartingPosition.TRIM_HORIZON, true, true, 5,
                Duration.ofHours(24), 1);
    }

    /**
     * The batching window a latency budget allows: the budget less a second for Lambda's poll of the shard
     * and the step, in whole seconds (what the event source mapping takes), 0 to 300 s. A longer window
     * fills larger batches, and a step's items (log entry, head row, view rows) cost about the same for
     * 3 records as for 30: waiting is what makes a quiet stream cheap.
     *
     * @throws IllegalArgumentException if the budget is under 1 s or over 301 s
     */
    public static Duration batchingWindowFor(Duration latencyBudget) {
        if (latencyBudget.compareTo(DELIVERY_RESERVE) < 0 || latencyBudget.compareTo(Duration.ofSeconds(301)) > 0) {
            throw new IllegalArgumentException("latency budget must be 1 s to 301 s (a batching window of 0 to 300 s plus "
                    + DELIVERY_RESERVE.toSeconds() + " s for delivery), got " + latencyBudget);
        }
        return Duration.ofSeconds(latencyBudget.minus(DELIVERY_RESERVE).toSeconds());
    }

    /** These settings with the batching window of {@code latencyBudget} ({@link #batchingWindowFor}). */
    public EventSourceSettings withLatencyBudget(Duration latencyBudget) {
        return new EventSourceSettings(batchSize, batchingWindowFor(latencyBudget), startingPosition, reportBatchItemFailures,
                bisectBatchOnFunctionError, maximumRetryAttempts, maximumRecordAge, parallelizationFactor);
    }

    /** These settings with another batch size. */
    public EventSourceSettings withBatchSize(int size) {
        return new EventSourceSettings(size, maximumBatchingWindow, startingPosition, reportBatchItemFailures,
                bisectBatchOnFunctionError, maximumRetryAttempts, maximumRecordAge, parallelizationFactor);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

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
     * Defaults: 500 records a batch and no batching window (lowest latency), partial batch
     * responses with bisection, a bounded number of retries so that a poison record never blocks
     * its shard, and records kept for the stream's default 24 h retention.
     */
    public static EventSourceSettings defaults() {
        return new EventSourceSettings(500, Duration.ZERO, StartingPosition.TRIM_HORIZON, true, true, 5,
                Duration.ofHours(24), 1);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

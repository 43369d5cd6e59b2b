package io.tidemark.bench.cost.model;

import java.time.Duration;

/**
 * The stream and the batches at a traffic level: how many shards carry it, and how many records the
 * event source mapping hands the handler per invocation when it waits up to the batching window.
 *
 * @param mode                   how the stream is bought
 * @param eventsPerSecond        the traffic
 * @param shards                 shards carrying it
 * @param batchSize              records per invocation (whole records, 1 to the mapping's batch size)
 * @param invocationsPerSecond   handler invocations per second, all shards
 */
public record StreamShape(KinesisMode mode, double eventsPerSecond, int shards, int batchSize, double invocationsPerSecond) {

    /** A shard takes 1 000 records or 1 MiB a second. */
    static final int SHARD_RECORDS_PER_SECOND = 1_000;
    static final int SHARD_BYTES_PER_SECOND = 1_048_576;
    /** An on-demand stream starts with the capacity of 4 shards. */
    static final int ON_DEMAND_MINIMUM_SHARDS = 4;

    /**
     * @param shardHeadroom     provisioned shards are sized so that traffic × this fits (1.25: 80 % of a shard's limits at most)
     * @param batchingWindow    the event source mapping's batching window (what the latency budget gives)
     * @param maximumBatchSize  the mapping's batch size
     */
    public static StreamShape at(double eventsPerSecond, KinesisMode mode, double recordBytes, double shardHeadroom, Duration batchingWindow,
                                 int maximumBatchSize) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("events per second must be positive, got " + eventsPerSecond);
        }
        double needed = Math.max(eventsPerSecond / SHARD_RECORDS_PER_SECOND, eventsPerSecond * recordBytes / SHARD_BYTES_PER_SECOND) * shardHeadroom;
        int shards = (int) Math.max(1, Math.ceil(needed - 1e-9));
        if (mode == KinesisMode.ON_DEMAND) {
            shards = Math.max(ON_DEMAND_MINIMUM_SHARDS, shards);
        }
        double perShard = eventsPerSecond / shards;
        // The mapping invokes when the window ends or the batch is full; a window of 0 still gathers what one poll (a second) finds.
        double window = Math.max(1.0, batchingWindow.toMillis() / 1000.0);
        int batch = (int) Math.max(1, Math.min(maximumBatchSize, Math.round(perShard * window)));
        return new StreamShape(mode, eventsPerSecond, shards, batch, eventsPerSecond / batch);
    }
}

package io.tidemark.bench.suite;

import java.math.BigDecimal;

/**
 * The arithmetic of "scale on paper", from this run's measurements: what 100 busy shards cost and
 * where the hot keys are, for Tidemark and for the naive per-event implementation.
 *
 * @param shards                 shards in the example
 * @param recordsPerShardSecond  Kinesis' per-shard write limit (records/s)
 * @param bytesPerRecord         mean JSON record size of the benchmark input
 * @param purchaseShare          share of records that are purchases
 * @param batchSize              records per invocation
 * @param tidemarkWuPerEvent     measured (headline run)
 * @param naiveWuPerEvent        measured (headline run)
 * @param coreEventsPerSecond    handler path without I/O, one core (JMH)
 * @param pricePerMillionWrites  on-demand price of a million write units (the write-cost section's, from the price table)
 */
public record ScaleOnPaper(int shards, int recordsPerShardSecond, double bytesPerRecord, double purchaseShare, int batchSize,
                           double tidemarkWuPerEvent, double naiveWuPerEvent, double coreEventsPerSecond, BigDecimal pricePerMillionWrites) {

    public static final int PARTITION_WCU_LIMIT = 1_000;
    public static final double SHARD_IN_BYTES = 1024 * 1024;
    public static final double SHARD_OUT_BYTES = 2 * 1024 * 1024;

    /** Bytes/s into one shard at its record limit, and that as a share of the 1 MiB/s limit. */
    public double shardInBytesPerSecond() {
        return recordsPerShardSecond * bytesPerRecord;
    }

    /** Which limit binds first: records (1 000/s) unless records are larger than 1 MiB / 1 000. */
    public boolean recordLimitBinds() {
        return bytesPerRecord * recordsPerShardSecond < SHARD_IN_BYTES;
    }

    public double streamEventsPerSecond() {
        return (double) shards * recordsPerShardSecond;
    }

    /** Invocations per second per shard when every batch is full. */
    public double batchesPerShardSecond() {
        return (double) recordsPerShardSecond / batchSize;
    }

    /** Writes/s to one hour's page partition key: one row write per shard per batch. */
    public double pageKeyWcuPerSecond() {
        return shards * batchesPerShardSecond();
    }

    /** Writes/s to one shard's log partition key. */
    public double shardKeyWcuPerSecond() {
        return recordsPerShardSecond * tidemarkWuPerEvent;
    }

    /** The naive implementation's revenue counter of the current hour: one transactional ADD (2 WU) per purchase. */
    public double naiveRevenueItemWcuPerSecond() {
        return streamEventsPerSecond() * purchaseShare * 2;
    }

    public double tidemarkTableWcuPerSecond() {
        return streamEventsPerSecond() * tidemarkWuPerEvent;
    }

    public double naiveTableWcuPerSecond() {
        return streamEventsPerSecond() * naiveWuPerEvent;
    }

    public BigDecimal tidemarkDollarsPerHour() {
        return dollarsPerHour(tidemarkTableWcuPerSecond());
    }

    public BigDecimal naiveDollarsPerHour() {
        return dollarsPerHour(naiveTableWcuPerSecond());
    }

    private BigDecimal dollarsPerHour(double writeUnitsPerSecond) {
        return BigDecimal.valueOf(writeUnitsPerSecond).multiply(BigDecimal.valueOf(3_600)).multiply(pricePerMillionWrites).movePointLeft(6);
    }

    /** How many times one core outruns a full shard on the handler path. */
    public double coreMarginOverShard() {
        return coreEventsPerSecond / recordsPerShardSecond;
    }
}

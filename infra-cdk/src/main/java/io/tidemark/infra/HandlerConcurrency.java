package io.tidemark.infra;

import java.time.Duration;
import java.util.Objects;

/**
 * How many concurrent executions a handler keeps for itself (reserved concurrency), computed from
 * the stack's own settings. A reservation both guarantees and caps: too small, and Lambda throttles
 * the batches of the shards above it until their records expire; where no safe number exists the
 * function stays unreserved, with the reason.
 */
sealed interface HandlerConcurrency {

    /** @param executions reserved concurrent executions, ≥ 1 */
    record Reserved(int executions) implements HandlerConcurrency {
        public Reserved {
            if (executions < 1) {
                throw new IllegalArgumentException("reserved concurrency must be ≥ 1, got " + executions);
            }
        }
    }

    /** @param reason why no reservation is safe for this function */
    record Unreserved(String reason) implements HandlerConcurrency {
        public Unreserved {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * On-demand streams scale to 10 GB/s of writes in us-east-1, us-west-2 and eu-west-1 (200 MB/s elsewhere),
     * at 1 MB/s per shard.
     */
    int ON_DEMAND_MAX_SHARDS = 10_000;

    /** The default concurrency quota of an account and region, of which 100 always stay unreserved. */
    int DEFAULT_ACCOUNT_CONCURRENCY = 1_000;

    /** The alerts table's stream has one shard per table partition; 10 partitions take 10 000 alert writes a second. */
    int ALERTS_STREAM_SHARDS = 10;

    /**
     * The Kinesis handler: one batch per shard and parallelization slot, so the most shards × the
     * parallelization factor. A provisioned stream has its shard count (resharding goes through the
     * stack's shardCount, which redeploys this number); an on-demand stream can reach
     * {@link #ON_DEMAND_MAX_SHARDS}, which no default account can reserve. Redrives of failed batches run
     * the handler's code in the operator's process ({@code tidemark failed-batches redrive}), not on Lambda.
     */
    static HandlerConcurrency kinesisHandler(StreamCapacity capacity, int parallelizationFactor) {
        if (capacity.onDemand()) {
            int needed = ON_DEMAND_MAX_SHARDS * parallelizationFactor;
            return new Unreserved("On-demand stream: it can grow to " + ON_DEMAND_MAX_SHARDS + " shards (10 GB/s at 1 MB/s a shard), "
                    + "so the handler may need " + needed + " concurrent executions (shards x parallelization factor "
                    + parallelizationFactor + "); an account's default limit is " + DEFAULT_ACCOUNT_CONCURRENCY
                    + " (new accounts start lower), so that cannot be reserved, and any smaller reservation would throttle the "
                    + "batches of the shards above it until their records expire. Deploy a provisioned stream to reserve "
                    + "shards x parallelization factor (docs/deploy.md).");
        }
        return new Reserved(capacity.shardCount().getAsInt() * parallelizationFactor);
    }

    /**
     * The sweeper: a sweep starts every minute and runs at most {@code timeout}, so ⌈timeout / 1 min⌉
     * sweeps can overlap; one more for a schedule delivered late or an operator's manual sweep.
     */
    static HandlerConcurrency sweeper(Duration timeout) {
        long minutes = (timeout.toSeconds() + 59) / 60;
        return new Reserved((int) minutes + 1);
    }

    /** The alert publisher: one batch per shard of the alerts table's stream (parallelization factor 1). */
    static HandlerConcurrency alertPublisher() {
        return new Reserved(ALERTS_STREAM_SHARDS);
    }
}

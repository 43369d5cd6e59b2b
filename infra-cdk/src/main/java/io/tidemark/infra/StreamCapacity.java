package io.tidemark.infra;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the Kinesis stream is sized and how long it keeps records.
 *
 * @param shardCount empty: on-demand (scales by itself, billed per GB); present: provisioned with this many shards
 * @param retention  24 h (included in the price) up to 365 days
 */
public record StreamCapacity(OptionalInt shardCount, Duration retention) {

    public StreamCapacity {
        Objects.requireNonNull(shardCount, "shardCount");
        Objects.requireNonNull(retention, "retention");
        if (shardCount.isPresent() && shardCount.getAsInt() < 1) {
            throw new IllegalArgumentException("shardCount must be ≥ 1, got " + shardCount.getAsInt());
        }
        if (retention.compareTo(Duration.ofHours(24)) < 0 || retention.compareTo(Duration.ofHours(8760)) > 0) {
            throw new IllegalArgumentException("stream retention must be 24..8760 hours, got " + retention);
        }
    }

    public static StreamCapacity onDemand(Duration retention) {
        return new StreamCapacity(OptionalInt.empty(), retention);
    }

    public static StreamCapacity provisioned(int shards, Duration retention) {
        return new StreamCapacity(OptionalInt.of(shards), retention);
    }

    public boolean onDemand() {
        return shardCount.isEmpty();
    }
}

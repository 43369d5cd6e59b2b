package io.tidemark.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How long shard-log items live. Every log entry and snapshot part is written with a TTL
 * ({@code expires_at}) of {@code itemTtl}; the sweeper re-snapshots a shard whose latest snapshot is
 * older than {@code snapshotMaxAge}, so the items a reload needs (the latest snapshot and the
 * entries after it) are always far from expiry while everything superseded expires by itself —
 * without a paid write per superseded item.
 *
 * @param itemTtl        TTL of log entries, snapshot parts and uncommitted entry parts
 * @param snapshotMaxAge a snapshot older than this is rewritten by the sweeper (must be well below {@code itemTtl})
 */
public record StateRetention(Duration itemTtl, Duration snapshotMaxAge) {

    public StateRetention {
        Objects.requireNonNull(itemTtl, "itemTtl");
        Objects.requireNonNull(snapshotMaxAge, "snapshotMaxAge");
        if (snapshotMaxAge.multipliedBy(2).compareTo(itemTtl) > 0) {
            throw new IllegalArgumentException("snapshotMaxAge (" + snapshotMaxAge + ") must be at most half of itemTtl (" + itemTtl + ")");
        }
    }

    public static StateRetention defaults() {
        return new StateRetention(Duration.ofDays(14), Duration.ofDays(3));
    }

    long expiresAtSeconds(long nowMillis) {
        return Math.floorDiv(nowMillis, 1000) + itemTtl.toSeconds();
    }
}

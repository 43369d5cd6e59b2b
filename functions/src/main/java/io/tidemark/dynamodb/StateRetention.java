package io.tidemark.dynamodb;

import java.time.Duration;
import java.util.Objects;

/**
 * How long shard-log items live, and how much log a reload may replay. Every log entry and snapshot
 * part is written with a TTL ({@code expires_at}) of {@code itemTtl}; the sweeper re-snapshots a
 * shard whose latest snapshot is older than {@code snapshotMaxAge}, so the items a reload needs (the
 * latest snapshot and the entries after it) are always far from expiry while everything superseded
 * expires by itself — without a paid write per superseded item.
 * <p>
 * A step writes a new snapshot when the log written since the last one is larger than
 * {@code snapshotLogMultiple} times that snapshot (bytes as stored, both compressed). The trade:
 * a snapshot costs about its own size in write units, so with multiple {@code k} snapshots cost at
 * most {@code 1/k} of the log's write units; a reload (a cold container, a lost commit race, a crash)
 * reads and replays at most {@code k} times the snapshot's bytes of log on top of the snapshot.
 * 1 is the original rule ("snapshot when the log outgrew it"); the default 4 cuts snapshot writes
 * to a quarter for a reload that replays at most four snapshots' worth of log (measured in
 * docs/state.md: tens of milliseconds per shard).
 *
 * @param itemTtl             TTL of log entries, snapshot parts and uncommitted entry parts
 * @param snapshotMaxAge      a snapshot older than this is rewritten by the sweeper (must be well below {@code itemTtl})
 * @param snapshotLogMultiple snapshot when the log since the last snapshot exceeds this many times its size (≥ 1)
 */
public record StateRetention(Duration itemTtl, Duration snapshotMaxAge, int snapshotLogMultiple) {

    /** The default {@link #snapshotLogMultiple}. */
    public static final int DEFAULT_SNAPSHOT_LOG_MULTIPLE = 4;

    public StateRetention {
        Objects.requireNonNull(itemTtl, "itemTtl");
        Objects.requireNonNull(snapshotMaxAge, "snapshotMaxAge");
        if (snapshotMaxAge.multipliedBy(2).compareTo(itemTtl) > 0) {
            throw new IllegalArgumentException("snapshotMaxAge (" + snapshotMaxAge + ") must be at most half of itemTtl (" + itemTtl + ")");
        }
        if (snapshotLogMultiple < 1) {
            throw new IllegalArgumentException("snapshotLogMultiple must be at least 1, not " + snapshotLogMultiple);
        }
    }

    public static StateRetention defaults() {
        return new StateRetention(Duration.ofDays(14), Duration.ofDays(3), DEFAULT_SNAPSHOT_LOG_MULTIPLE);
    }

    /** The same with another {@link #snapshotLogMultiple}. */
    public StateRetention withSnapshotLogMultiple(int multiple) {
        return new StateRetention(itemTtl, snapshotMaxAge, multiple);
    }

    long expiresAtSeconds(long nowMillis) {
        return Math.floorDiv(nowMillis, 1000) + itemTtl.toSeconds();
    }
}

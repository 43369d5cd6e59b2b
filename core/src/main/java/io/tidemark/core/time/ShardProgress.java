package io.tidemark.core.time;

import java.util.Objects;

/**
 * What one shard publishes about its progress (the shell keeps it in the shard's head row) and
 * what every other shard reads to compute the global watermark.
 *
 * @param shardId      the Kinesis shard id
 * @param watermark    the shard's own watermark: max event time it accepted − delay (−∞ if none)
 * @param lastActivity processing time (epoch ms) of the shard's last step that delivered records,
 *                     {@link Timestamps#NEGATIVE_INFINITY} if it never delivered any
 * @param ended        the shard is closed (a parent after a reshard) and fully consumed: it never
 *                     holds the watermark back again
 */
public record ShardProgress(String shardId, long watermark, long lastActivity, boolean ended) {

    public ShardProgress {
        Objects.requireNonNull(shardId, "shardId");
    }

    /** Whether the shard has delivered nothing for at least {@code idleTimeoutMillis} at {@code now}. */
    public boolean isIdleAt(long now, long idleTimeoutMillis) {
        return lastActivity == Timestamps.NEGATIVE_INFINITY || now - lastActivity >= idleTimeoutMillis;
    }
}

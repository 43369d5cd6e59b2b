package io.tidemark.core.time;

import java.util.Collection;

/**
 * The global watermark {@code W} over the shards of a stream (docs/spec.md §3, docs/semantics.md):
 * <ol>
 *   <li>An <em>ended</em> shard (closed parent after a reshard, fully consumed) never counts.
 *       If every known shard has ended, {@code W = +∞}.</li>
 *   <li>A shard is <em>active</em> if it delivered records less than {@code idleTimeout} of
 *       processing time ago. If any shard is active, {@code W} is the minimum of the active
 *       shards' watermarks: idle shards do not hold it back.</li>
 *   <li>If every shard that ever delivered is idle, time advances with processing time since the
 *       last arrival: each such shard counts as {@code its watermark + (now − its last activity)}
 *       and {@code W} is the minimum of these. So a quiet stream still fires its cart timers,
 *       about {@code delay + allowed lateness + 30 min} after the last cart activity.</li>
 *   <li>No shard ever delivered: {@code W = −∞}.</li>
 * </ol>
 * The caller keeps {@code W} monotonic ({@code max} with its previous value); end of input sets it
 * to +∞. Immutable: {@link #plus} returns a new accumulator, so a step can summarise its peers once
 * and add its own, changing progress per event.
 */
public final class GlobalWatermark {

    private static final GlobalWatermark EMPTY = new GlobalWatermark(0, false, false, Timestamps.POSITIVE_INFINITY, false,
            Timestamps.POSITIVE_INFINITY);

    private final int shards;
    private final boolean anyOpen;
    private final boolean anyActive;
    private final long minActive;
    private final boolean anyDelivered;
    private final long minIdle;

    private GlobalWatermark(int shards, boolean anyOpen, boolean anyActive, long minActive, boolean anyDelivered, long minIdle) {
        this.shards = shards;
        this.anyOpen = anyOpen;
        this.anyActive = anyActive;
        this.minActive = minActive;
        this.anyDelivered = anyDelivered;
        this.minIdle = minIdle;
    }

    public static GlobalWatermark empty() {
        return EMPTY;
    }

    /** {@code W} over {@code shards} at processing time {@code now}. */
    public static long compute(Collection<ShardProgress> shards, long now, long idleTimeoutMillis) {
        GlobalWatermark acc = EMPTY;
        for (ShardProgress shard : shards) {
            acc = acc.plus(shard, now, idleTimeoutMillis);
        }
        return acc.value();
    }

    /** The accumulator with one more shard, judged at processing time {@code now}. */
    public GlobalWatermark plus(ShardProgress shard, long now, long idleTimeoutMillis) {
        return plus(shard.watermark(), shard.lastActivity(), shard.ended(), now, idleTimeoutMillis);
    }

    /** As {@link #plus(ShardProgress, long, long)}, for a shard given by its fields. */
    public GlobalWatermark plus(long watermark, long lastActivity, boolean ended, long now, long idleTimeoutMillis) {
        if (ended) {
            return new GlobalWatermark(shards + 1, anyOpen, anyActive, minActive, anyDelivered, minIdle);
        }
        if (lastActivity == Timestamps.NEGATIVE_INFINITY) {
            return new GlobalWatermark(shards + 1, true, anyActive, minActive, anyDelivered, minIdle);
        }
        long silence = now - lastActivity;
        if (silence < idleTimeoutMillis) {
            return new GlobalWatermark(shards + 1, true, true, Math.min(minActive, watermark), true, minIdle);
        }
        return new GlobalWatermark(shards + 1, true, anyActive, minActive, true,
                Math.min(minIdle, Timestamps.plus(watermark, silence)));
    }

    /** {@code plus(shard).value()} without building the intermediate accumulator (the hot path). */
    public long valueWith(long watermark, long lastActivity, boolean ended, long now, long idleTimeoutMillis) {
        if (ended) {
            return value(shards + 1, anyOpen, anyActive, minActive, anyDelivered, minIdle);
        }
        if (lastActivity == Timestamps.NEGATIVE_INFINITY) {
            return value(shards + 1, true, anyActive, minActive, anyDelivered, minIdle);
        }
        long silence = now - lastActivity;
        if (silence < idleTimeoutMillis) {
            return value(shards + 1, true, true, Math.min(minActive, watermark), true, minIdle);
        }
        return value(shards + 1, true, anyActive, minActive, true, Math.min(minIdle, Timestamps.plus(watermark, silence)));
    }

    public long value() {
        return value(shards, anyOpen, anyActive, minActive, anyDelivered, minIdle);
    }

    private static long value(int shards, boolean anyOpen, boolean anyActive, long minActive, boolean anyDelivered, long minIdle) {
        if (!anyOpen) {
            return shards == 0 ? Timestamps.NEGATIVE_INFINITY : Timestamps.POSITIVE_INFINITY;
        }
        if (anyActive) {
            return minActive;
        }
        return anyDelivered ? minIdle : Timestamps.NEGATIVE_INFINITY;
    }
}

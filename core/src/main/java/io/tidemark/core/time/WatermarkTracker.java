package io.tidemark.core.time;

import java.time.Duration;
import java.util.Objects;

/**
 * The watermark of one shard under bounded out-of-orderness (docs/spec.md §3):
 * {@code watermark = max event time seen − delay}, or −∞ before the first event. Immutable: each
 * observation returns a new tracker. The watermark never goes back, because the maximum never does.
 *
 * @param delay        the bounded out-of-orderness (the seed's "watermark of 10 minutes")
 * @param maxEventTime the largest event time observed, or {@link Timestamps#NEGATIVE_INFINITY}
 */
public record WatermarkTracker(Duration delay, long maxEventTime) {

    public WatermarkTracker {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("watermark delay must be >= 0, got " + delay);
        }
    }

    public static WatermarkTracker withDelay(Duration delay) {
        return new WatermarkTracker(delay, Timestamps.NEGATIVE_INFINITY);
    }

    /** The tracker after seeing an event at {@code eventTime} (epoch ms). */
    public WatermarkTracker observe(long eventTime) {
        return eventTime > maxEventTime ? new WatermarkTracker(delay, eventTime) : this;
    }

    public long watermark() {
        return watermark(maxEventTime, delay.toMillis());
    }

    /** Whether an event at {@code eventTime} is behind this watermark (strictly before it). */
    public boolean isBehind(long eventTime) {
        return eventTime < watermark();
    }

    /** The formula, for callers that keep the maximum in a field of their own. */
    public static long watermark(long maxEventTime, long delayMillis) {
        return Timestamps.minus(maxEventTime, delayMillis);
    }
}

package io.tidemark.core.time;

import java.time.Duration;
import java.util.Objects;

/**
 * Allowed lateness and the <em>lateness horizon</em> {@code H = W − allowed lateness}
 * (docs/architecture.md). Everything before {@code H} is settled: a window is final once its end
 * is ≤ {@code H}, a session closed once {@code last_event + gap ≤ H}, a cart timer fires once its
 * deadline is ≤ {@code H}; an event with time {@code < H} is late.
 */
public record AllowedLateness(Duration duration) {

    public AllowedLateness {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must be >= 0, got " + duration);
        }
    }

    public static AllowedLateness of(Duration duration) {
        return new AllowedLateness(duration);
    }

    public long millis() {
        return duration.toMillis();
    }

    /** {@code H = W − allowed lateness}; ±∞ stay ±∞. */
    public long horizon(long watermark) {
        return Timestamps.minus(watermark, duration.toMillis());
    }

    public Timeliness classify(long eventTime, long watermark) {
        if (eventTime < horizon(watermark)) {
            return Timeliness.LATE;
        }
        return eventTime < watermark ? Timeliness.LATE_BUT_ALLOWED : Timeliness.ON_TIME;
    }

    /** Whether time up to {@code end} (exclusive) is settled at horizon {@code horizon}. */
    public static boolean isSettled(long end, long horizon) {
        return end <= horizon;
    }
}

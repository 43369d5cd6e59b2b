package io.tidemark.bench.flink.job;

import io.tidemark.core.settings.CoreSettings;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The Flink job's settings, taken from Tidemark's {@link CoreSettings} so that both sides run the
 * same rules: watermark delay (bounded out-of-orderness), allowed lateness and the windows of the
 * four views.
 *
 * @param watermarkDelay  bounded out-of-orderness of the watermark
 * @param allowedLateness how long after a window's end it still accepts events (also the sorting
 *                        horizon of the cart machine and the event-id memory)
 * @param revenueWindow   tumbling window of revenue per hour
 * @param activeSize      size of the sliding active-user windows
 * @param activeSlide     their slide
 * @param sessionGap      inactivity gap of user sessions
 * @param cartTimeout     inactivity after the last cart activity at which a cart is abandoned
 * @param cadence         when the watermark is emitted
 */
public record JobSettings(Duration watermarkDelay, Duration allowedLateness, Duration revenueWindow, Duration activeSize,
                          Duration activeSlide, Duration sessionGap, Duration cartTimeout, WatermarkCadence cadence) implements Serializable {

    /** When the source side emits the bounded-out-of-orderness watermark. */
    public enum WatermarkCadence {
        /** Flink's default: every {@code pipeline.auto-watermark-interval} (200 ms) of processing time. */
        PERIODIC,
        /** After every event that raises the maximum event time, as Tidemark does ({@link PerEventWatermarks}). */
        PER_EVENT
    }

    public JobSettings {
        Objects.requireNonNull(watermarkDelay, "watermarkDelay");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(revenueWindow, "revenueWindow");
        Objects.requireNonNull(activeSize, "activeSize");
        Objects.requireNonNull(activeSlide, "activeSlide");
        Objects.requireNonNull(sessionGap, "sessionGap");
        Objects.requireNonNull(cartTimeout, "cartTimeout");
        Objects.requireNonNull(cadence, "cadence");
    }

    public static JobSettings from(CoreSettings core) {
        return new JobSettings(core.eventTime().watermarkDelay(), core.eventTime().allowedLateness(),
                Duration.ofMillis(core.views().revenue().sizeMillis()),
                Duration.ofMillis(core.views().activeUsers().sizeMillis()), Duration.ofMillis(core.views().activeUsers().slideMillis()),
                Duration.ofMillis(core.views().sessions().gapMillis()), core.views().cartTimeout(), WatermarkCadence.PERIODIC);
    }

    public JobSettings withCadence(WatermarkCadence c) {
        return new JobSettings(watermarkDelay, allowedLateness, revenueWindow, activeSize, activeSlide, sessionGap, cartTimeout, c);
    }

    /**
     * The gap to give Flink's session assigner. Flink merges session windows that touch
     * ({@code TimeWindow.intersects} is inclusive), so two events exactly one gap apart end up in one
     * session; docs/spec.md §2.3 starts a new session at "30 min or more". One millisecond less makes Flink
     * merge exactly when the distance is below the gap.
     */
    public Duration flinkSessionGap() {
        return sessionGap.minusMillis(1);
    }

    /** Flink's watermark W is "no element at or before W"; the spec's horizon is {@code H = W + 1 − allowed lateness}. */
    public long horizonAt(long flinkWatermark) {
        if (flinkWatermark == Long.MAX_VALUE) {
            return Long.MAX_VALUE; // end of input
        }
        long lateness = allowedLateness.toMillis();
        return flinkWatermark < Long.MIN_VALUE + lateness ? Long.MIN_VALUE : flinkWatermark + 1 - lateness;
    }

    /** the spec's lateness rule: an event before the horizon would land in settled time. */
    public boolean isLate(long eventTime, long flinkWatermark) {
        return eventTime < horizonAt(flinkWatermark);
    }

    /** The Flink timer at which the horizon reaches {@code instant}, i.e. the smallest W with {@code horizonAt(W) ≥ instant}. */
    public long timerForHorizon(long instant) {
        return instant + allowedLateness.toMillis() - 1;
    }
}

package io.tidemark.core.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The event-time rules of docs/spec.md §2–§3 that a deployment may tune. Window sizes of the four views
 * are fixed by the contract (1 h revenue, 5 min / 1 min active users, 30 min sessions and carts).
 *
 * @param watermarkDelay  bounded out-of-orderness: watermark = max event time seen − delay
 * @param idleTimeout     processing time after which a silent shard stops holding the watermark back
 * @param allowedLateness how long after a window ends it still accepts events
 * @param maxAheadOfArrival how far an event's time may run ahead of its arrival in the stream: an event
 *                        further ahead comes from a producer clock gone wrong and is rejected, so it never
 *                        moves a watermark. No larger than the allowed lateness by default, so that one
 *                        such event that slips through can never make on-time events late.
 */
public record EventTimeSettings(Duration watermarkDelay, Duration idleTimeout, Duration allowedLateness, Duration maxAheadOfArrival) {

    /** The default of {@link #maxAheadOfArrival}. */
    public static final Duration DEFAULT_MAX_AHEAD_OF_ARRIVAL = Duration.ofMinutes(5);

    public EventTimeSettings {
        Objects.requireNonNull(watermarkDelay, "watermarkDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(maxAheadOfArrival, "maxAheadOfArrival");
        if (watermarkDelay.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero() || allowedLateness.isNegative()) {
            throw new IllegalArgumentException("watermarkDelay and allowedLateness must be ≥ 0 and idleTimeout > 0, got "
                    + watermarkDelay + ", " + allowedLateness + ", " + idleTimeout);
        }
        if (maxAheadOfArrival.isNegative()) {
            throw new IllegalArgumentException("maxAheadOfArrival must be ≥ 0, got " + maxAheadOfArrival);
        }
    }

    /** With the default {@link #maxAheadOfArrival}. */
    public EventTimeSettings(Duration watermarkDelay, Duration idleTimeout, Duration allowedLateness) {
        this(watermarkDelay, idleTimeout, allowedLateness, DEFAULT_MAX_AHEAD_OF_ARRIVAL);
    }

    /** the spec's defaults (docs/spec.md §3): 2 min delay, 5 min idle timeout, 10 min allowed lateness; events up to 5 min ahead of arrival. */
    public static EventTimeSettings defaults() {
        return new EventTimeSettings(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    public EventTimeSettings withMaxAheadOfArrival(Duration bound) {
        return new EventTimeSettings(watermarkDelay, idleTimeout, allowedLateness, bound);
    }

    /**
     * What a shard's state depends on, as snapshots record it: the watermark delay, the idle timeout
     * and the allowed lateness (the bound on time ahead only decides which records are rejected, and
     * the log holds that decision).
     */
    public String stateFingerprint() {
        return "EventTimeSettings[watermarkDelay=" + watermarkDelay + ", idleTimeout=" + idleTimeout + ", allowedLateness=" + allowedLateness + "]";
    }
}

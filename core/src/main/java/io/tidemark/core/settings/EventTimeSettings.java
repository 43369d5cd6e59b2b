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
 */
public record EventTimeSettings(Duration watermarkDelay, Duration idleTimeout, Duration allowedLateness) {

    public EventTimeSettings {
        Objects.requireNonNull(watermarkDelay, "watermarkDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        if (watermarkDelay.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero() || allowedLateness.isNegative()) {
            throw new IllegalArgumentException("watermarkDelay and allowedLateness must be ≥ 0 and idleTimeout > 0, got "
                    + watermarkDelay + ", " + allowedLateness + ", " + idleTimeout);
        }
    }

    /** the spec's defaults (docs/spec.md §3): 2 min delay, 5 min idle timeout, 10 min allowed lateness. */
    public static EventTimeSettings defaults() {
        return new EventTimeSettings(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }
}

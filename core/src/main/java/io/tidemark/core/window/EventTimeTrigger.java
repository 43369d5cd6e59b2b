package io.tidemark.core.window;

import io.tidemark.core.time.Timestamps;

/**
 * The one finality rule of every view: whatever ends at event time {@code at} — a window, a page, a
 * session (its last event + gap), a cart's deadline, a view's next wake-up — is final once the
 * lateness horizon {@code H} has reached it ({@code at ≤ H}): no event before {@code at} can be
 * accepted any more, so nothing of it can change. {@code +∞} is never reached (it means "no
 * wake-up"), not even at the end of input. All views settle by this rule at the same horizon, so an
 * event is counted everywhere or late everywhere (docs/semantics.md).
 */
public final class EventTimeTrigger {

    private EventTimeTrigger() {
    }

    /** Whether what ends at {@code at} is final at horizon {@code horizon}. */
    public static boolean reached(long at, long horizon) {
        return at <= horizon && at != Timestamps.POSITIVE_INFINITY;
    }

    /** A window is final once its end is reached. */
    public static boolean isFinal(TimeWindow window, long horizon) {
        return reached(window.end(), horizon);
    }
}

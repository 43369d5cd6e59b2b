package io.tidemark.core.window;

/**
 * Decides when event-time results are final: at the lateness horizon {@code H}, never earlier.
 * One rule for every view (docs/architecture.md), so all views settle together and an event is
 * either counted everywhere or late everywhere.
 */
public final class EventTimeTrigger {

    private EventTimeTrigger() {
    }

    /** A window is final once its end is ≤ {@code horizon}: no event of it can be accepted any more. */
    public static boolean isFinal(TimeWindow window, long horizon) {
        return window.end() <= horizon;
    }

    /** A timer (a cart deadline) fires once its time is ≤ {@code horizon}. */
    public static boolean isDue(long timerTime, long horizon) {
        return timerTime <= horizon;
    }
}

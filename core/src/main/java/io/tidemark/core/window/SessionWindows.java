package io.tidemark.core.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merging session windows with an inactivity gap. An event at {@code t} opens the window
 * {@code [t, t + gap)}; windows that overlap merge (Flink's merging session windows, but half-open:
 * two events exactly {@code gap} apart are in different sessions, as docs/spec.md §2.3 says "30 min or
 * more after the previous one"). A late event that falls between two sessions merges them.
 */
public final class SessionWindows {

    private final long gapMillis;

    private SessionWindows(long gapMillis) {
        this.gapMillis = gapMillis;
    }

    public static SessionWindows withGap(Duration gap) {
        Objects.requireNonNull(gap, "gap");
        long millis = gap.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("session gap must be at least 1 ms, got " + gap);
        }
        return new SessionWindows(millis);
    }

    public long gapMillis() {
        return gapMillis;
    }

    public TimeWindow windowOf(Session session) {
        return new TimeWindow(session.start(), session.lastEvent() + gapMillis);
    }

    /** When a session whose last event is at {@code lastEvent} ends: no event after it joins the session. */
    public long endOf(long lastEvent) {
        return lastEvent + gapMillis;
    }

    /** Whether the session can take no more events once the lateness horizon is {@code horizon} ({@link EventTimeTrigger}). */
    public boolean isClosed(Session session, long horizon) {
        return EventTimeTrigger.reached(endOf(session.lastEvent()), horizon);
    }

    /**
     * Adds an event at {@code t} to a key's sessions (sorted by start, pairwise separated by at
     * least the gap) and returns the new list: the event joins, extends or bridges sessions whose
     * window overlaps {@code [t, t + gap)}, or starts a session of its own.
     */
    public List<Session> addEvent(List<Session> sessions, long t) {
        int n = sessions.size();
        // Fast path: the event belongs to the last session (events mostly arrive in order).
        if (n > 0) {
            Session last = sessions.get(n - 1);
            if (t >= last.start() && t - last.lastEvent() < gapMillis) {
                Session extended = new Session(last.start(), Math.max(last.lastEvent(), t), last.events() + 1);
                if (n == 1) {
                    return List.of(extended);
                }
                List<Session> out = new ArrayList<>(sessions);
                out.set(n - 1, extended);
                return out;
            }
        }
        List<Session> out = new ArrayList<>(n + 1);
        int i = 0;
        // Sessions that end (last event + gap) at or before t: untouched.
        while (i < n && sessions.get(i).lastEvent() + gapMillis <= t) {
            out.add(sessions.get(i++));
        }
        // Sessions whose window overlaps [t, t + gap): a contiguous run, merged with the event.
        long start = t;
        long lastEvent = t;
        long events = 1;
        while (i < n && sessions.get(i).start() < t + gapMillis) {
            Session s = sessions.get(i++);
            start = Math.min(start, s.start());
            lastEvent = Math.max(lastEvent, s.lastEvent());
            events += s.events();
        }
        out.add(new Session(start, lastEvent, events));
        while (i < n) {
            out.add(sessions.get(i++));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionWindows other && other.gapMillis == gapMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(gapMillis);
    }

    @Override
    public String toString() {
        return "SessionWindows[gap=" + Duration.ofMillis(gapMillis) + "]";
    }
}

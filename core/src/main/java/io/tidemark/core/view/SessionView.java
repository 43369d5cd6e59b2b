package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.window.EventTimeTrigger;
import io.tidemark.core.window.Session;
import io.tidemark.core.window.SessionWindows;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * User sessions (docs/spec.md §2.3): each user's open sessions, merged as events arrive in any order, and
 * emitted once closed at the lateness horizon. Merging is order-independent, so sessions need no
 * buffering: a closed session can never take another accepted event.
 */
public final class SessionView {

    private final SessionWindows windows;

    public SessionView(SessionWindows windows) {
        this.windows = windows;
    }

    public void accept(OpenSessions open, long eventTime) {
        open.add(windows, eventTime);
    }

    /** Emits and removes the sessions closed at {@code horizon}. */
    public void settle(String userId, OpenSessions open, long horizon, Consumer<ClosedSession> out) {
        while (!open.isEmpty() && EventTimeTrigger.reached(windows.endOf(open.firstLastEvent()), horizon)) {
            Session s = open.first();
            out.accept(new ClosedSession(userId, Instant.ofEpochMilli(s.start()), Instant.ofEpochMilli(s.lastEvent()), s.events()));
            open.removeFirst();
        }
    }

    /** When the earliest open session closes (sessions are sorted and never overlap). */
    public long nextWake(OpenSessions open) {
        return open.isEmpty() ? Timestamps.POSITIVE_INFINITY : windows.endOf(open.firstLastEvent());
    }
}

package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.window.Session;
import io.tidemark.core.window.SessionWindows;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * User sessions (SPEC §2.3): each user's open sessions, merged as events arrive in any order, and
 * emitted once closed at the lateness horizon. Merging is order-independent, so sessions need no
 * buffering: a closed session can never take another accepted event.
 */
public final class SessionView {

    private final SessionWindows windows;

    public SessionView(SessionWindows windows) {
        this.windows = windows;
    }

    public List<Session> accept(List<Session> open, long eventTime) {
        return windows.addEvent(open, eventTime);
    }

    /** Emits and removes the sessions closed at {@code horizon}; returns the sessions still open. */
    public List<Session> settle(String userId, List<Session> open, long horizon, Consumer<ClosedSession> out) {
        int closed = 0;
        while (closed < open.size() && windows.isClosed(open.get(closed), horizon)) {
            Session s = open.get(closed++);
            out.accept(new ClosedSession(userId, Instant.ofEpochMilli(s.start()), Instant.ofEpochMilli(s.lastEvent()), s.events()));
        }
        return closed == 0 ? open : List.copyOf(open.subList(closed, open.size()));
    }

    /** When the earliest open session closes (sessions are sorted and never overlap). */
    public long nextWake(List<Session> open) {
        return open.isEmpty() ? Timestamps.POSITIVE_INFINITY : open.get(0).lastEvent() + windows.gapMillis();
    }
}

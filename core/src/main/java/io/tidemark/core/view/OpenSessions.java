package io.tidemark.core.view;

import io.tidemark.core.window.Session;
import io.tidemark.core.window.SessionWindows;

import java.util.List;

/**
 * One user's open sessions, sorted by start and pairwise separated by at least the gap. Nearly
 * always there is one, so it is kept in three fields and extended in place; only while an event
 * out of order keeps two or more apart are they a list (merged by {@link SessionWindows#addEvent}).
 * Mutable; owned by the user's state in one shard.
 */
public final class OpenSessions {

    private long start;
    private long lastEvent;
    private long events; // > 0: the one open session is in the fields (and 'more' is null)
    private List<Session> more; // two or more open sessions

    /** The open sessions, sorted by start (an immutable list). */
    public List<Session> list() {
        if (events > 0) {
            return List.of(new Session(start, lastEvent, events));
        }
        return more == null ? List.of() : more;
    }

    public boolean isEmpty() {
        return events == 0 && more == null;
    }

    /** Restores from a snapshot: sorted, pairwise separated by at least the gap. */
    public static OpenSessions of(List<Session> sessions) {
        OpenSessions open = new OpenSessions();
        open.set(sessions);
        return open;
    }

    void add(SessionWindows windows, long t) {
        long gap = windows.gapMillis();
        // The event joins the session iff their windows [start, lastEvent + gap) and [t, t + gap) overlap.
        if (events > 0 && start < t + gap && t < lastEvent + gap) {
            start = Math.min(start, t);
            lastEvent = Math.max(lastEvent, t);
            events++;
        } else if (isEmpty()) {
            start = t;
            lastEvent = t;
            events = 1;
        } else {
            set(windows.addEvent(list(), t));
        }
    }

    /** The earliest open session, or {@code null}. */
    Session first() {
        if (events > 0) {
            return new Session(start, lastEvent, events);
        }
        return more == null ? null : more.get(0);
    }

    /** The last event of the earliest open session; the sessions are not empty. */
    long firstLastEvent() {
        return events > 0 ? lastEvent : more.get(0).lastEvent();
    }

    /** Removes the earliest open session. */
    void removeFirst() {
        set(events > 0 ? List.of() : more.subList(1, more.size()));
    }

    private void set(List<Session> sessions) {
        events = 0;
        more = null;
        if (sessions.size() == 1) {
            Session s = sessions.get(0);
            start = s.start();
            lastEvent = s.lastEvent();
            events = s.events();
        } else if (sessions.size() > 1) {
            more = List.copyOf(sessions);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenSessions s && s.list().equals(list());
    }

    @Override
    public int hashCode() {
        return list().hashCode();
    }

    @Override
    public String toString() {
        return "OpenSessions" + list();
    }
}

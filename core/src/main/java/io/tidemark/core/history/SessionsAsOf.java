package io.tidemark.core.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A user's sessions as of an instant, from the user's events with event time at or before it. */
public record SessionsAsOf(String userId, Instant asOf, long eventsApplied, List<SessionAt> sessions) {

    public SessionsAsOf {
        sessions = List.copyOf(sessions);
    }

    /**
     * One session: closed once 30 minutes passed its last event by {@code asOf}; an open one may
     * still grow (or merge with the next) as later events come.
     */
    public record SessionAt(Instant sessionStart, Instant lastEvent, long events, boolean closed, Instant closesAt) {
        public SessionAt {
            Objects.requireNonNull(sessionStart, "sessionStart");
            Objects.requireNonNull(lastEvent, "lastEvent");
            Objects.requireNonNull(closesAt, "closesAt");
        }
    }
}

package io.tidemark.core.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A user session that can change no more (its {@code last_event + gap ≤ H}).
 *
 * @param userId       the user
 * @param sessionStart the first event's time
 * @param lastEvent    the last event's time
 * @param events       the number of events in the session
 */
public record ClosedSession(String userId, Instant sessionStart, Instant lastEvent, long events) {

    /** docs/spec.md §5 order: by {@code session_start}, then {@code user_id}. */
    public static final Comparator<ClosedSession> REPORT_ORDER =
            Comparator.comparing(ClosedSession::sessionStart).thenComparing(ClosedSession::userId);

    public ClosedSession {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionStart, "sessionStart");
        Objects.requireNonNull(lastEvent, "lastEvent");
    }
}

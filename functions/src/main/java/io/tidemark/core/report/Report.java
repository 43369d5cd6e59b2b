package io.tidemark.core.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The views in the shape of SPEC §5 ({@code tidemark local --report}, {@code tidemark query all
 * --json}). Lists are kept in the SPEC's order: windows by start, sessions by start then user,
 * abandonments by cart opening then user. Money is exact and carries at least two decimals.
 */
public record Report(List<RevenueWindow> revenuePerHour, List<ActiveUsersWindow> activeUsers, List<UserSession> sessions,
                     List<Abandonment> cartAbandonments, Counts counts) {

    public Report {
        revenuePerHour = sorted(revenuePerHour, Comparator.comparing(RevenueWindow::windowStart));
        activeUsers = sorted(activeUsers, Comparator.comparing(ActiveUsersWindow::windowStart));
        sessions = sorted(sessions, Comparator.comparing(UserSession::sessionStart).thenComparing(UserSession::userId));
        cartAbandonments = sorted(cartAbandonments, Comparator.comparing(Abandonment::cartOpened).thenComparing(Abandonment::userId));
        Objects.requireNonNull(counts, "counts");
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        List<T> out = new ArrayList<>(items);
        out.sort(order);
        return List.copyOf(out);
    }

    /** Revenue of one hour: exact sum, distinct orders. */
    public record RevenueWindow(Instant windowStart, Instant windowEnd, BigDecimal revenue, long orders) {
        public RevenueWindow {
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(windowEnd, "windowEnd");
            revenue = revenue.setScale(Math.max(2, revenue.scale()));
        }
    }

    /** Distinct users in one sliding window. */
    public record ActiveUsersWindow(Instant windowStart, Instant windowEnd, long users) {
        public ActiveUsersWindow {
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(windowEnd, "windowEnd");
        }
    }

    /** One user session. */
    public record UserSession(String userId, Instant sessionStart, Instant lastEvent, long events) {
        public UserSession {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(sessionStart, "sessionStart");
            Objects.requireNonNull(lastEvent, "lastEvent");
        }
    }

    /** One abandoned cart (the alert). */
    public record Abandonment(String alertId, String userId, Instant cartOpened, Instant lastActivity, List<String> products) {
        public Abandonment {
            Objects.requireNonNull(alertId, "alertId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(cartOpened, "cartOpened");
            Objects.requireNonNull(lastActivity, "lastActivity");
            products = List.copyOf(products);
        }
    }

    /** Record counts: {@code duplicates} are repeated event ids, dropped entirely. */
    public record Counts(long accepted, long duplicates, long rejected, long late) {
    }
}

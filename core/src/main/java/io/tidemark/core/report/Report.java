package io.tidemark.core.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The views in the shape of docs/spec.md §5 ({@code tidemark local --report}, {@code tidemark query all
 * --json}). Lists are kept in the the spec's order: windows by start, sessions by start then user,
 * abandonments by cart opening then user; the two joins after them: ad attribution by window start
 * then ad id, revenue by tier by window start then tier. Money is exact and carries at least two
 * decimals.
 */
public record Report(List<RevenueWindow> revenuePerHour, List<ActiveUsersWindow> activeUsers, List<UserSession> sessions,
                     List<Abandonment> cartAbandonments, List<AdAttribution> adAttribution, List<TierRevenueWindow> revenuePerHourByTier,
                     Counts counts) {

    public Report {
        revenuePerHour = sorted(revenuePerHour, Comparator.comparing(RevenueWindow::windowStart));
        activeUsers = sorted(activeUsers, Comparator.comparing(ActiveUsersWindow::windowStart));
        sessions = sorted(sessions, Comparator.comparing(UserSession::sessionStart).thenComparing(UserSession::userId));
        cartAbandonments = sorted(cartAbandonments, Comparator.comparing(Abandonment::cartOpened).thenComparing(Abandonment::userId));
        adAttribution = sorted(adAttribution, Comparator.comparing(AdAttribution::windowStart).thenComparing(AdAttribution::adId));
        revenuePerHourByTier = sorted(revenuePerHourByTier,
                Comparator.comparing(TierRevenueWindow::windowStart).thenComparing(TierRevenueWindow::tier));
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

    /**
     * One ad in one hour: impressions in the hour, clicks in the hour, and clicks attributed to the
     * hour's impressions (a click is attributed to the same user's latest impression of the same ad
     * at most the attribution window before it).
     */
    public record AdAttribution(Instant windowStart, Instant windowEnd, String adId, long impressions, long clicks,
                                long attributedClicks) {

        /** Decimal places of {@link #ctr()}. */
        public static final int CTR_SCALE = 4;

        public AdAttribution {
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(windowEnd, "windowEnd");
            Objects.requireNonNull(adId, "adId");
        }

        /**
         * Click-through rate, {@code attributed_clicks / impressions} rounded half-up to
         * {@value #CTR_SCALE} decimal places (the two counts are the exact ratio), or {@code null}
         * for an hour without impressions.
         */
        public BigDecimal ctr() {
            return impressions == 0 ? null
                    : BigDecimal.valueOf(attributedClicks).divide(BigDecimal.valueOf(impressions), CTR_SCALE, RoundingMode.HALF_UP);
        }
    }

    /** Revenue of one customer tier in one hour: exact sum, distinct orders (the orders of {@link RevenueWindow}, split by tier). */
    public record TierRevenueWindow(Instant windowStart, Instant windowEnd, String tier, BigDecimal revenue, long orders) {
        public TierRevenueWindow {
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(windowEnd, "windowEnd");
            Objects.requireNonNull(tier, "tier");
            revenue = revenue.setScale(Math.max(2, revenue.scale()));
        }
    }

    /** Record counts: {@code duplicates} are repeated event ids, dropped entirely. */
    public record Counts(long accepted, long duplicates, long rejected, long late) {
    }
}

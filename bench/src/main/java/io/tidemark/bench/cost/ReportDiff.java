package io.tidemark.bench.cost;

import io.tidemark.core.report.Report;

import java.util.List;
import java.util.Optional;

/**
 * The first place two reports differ in the four SPEC §2 views and the counts, in words ("sessions[12]: expected …, got …"),
 * or empty when they agree. The joins (ad attribution, revenue by tier) are left out: the naive implementation does not
 * compute them; {@link #firstDifferenceWithJoins} includes them.
 */
public final class ReportDiff {

    private ReportDiff() {
    }

    public static Optional<String> firstDifference(Report expected, Report actual) {
        return first("revenue_per_hour", expected.revenuePerHour(), actual.revenuePerHour())
                .or(() -> first("active_users", expected.activeUsers(), actual.activeUsers()))
                .or(() -> first("sessions", expected.sessions(), actual.sessions()))
                .or(() -> first("cart_abandonments", expected.cartAbandonments(), actual.cartAbandonments()))
                .or(() -> expected.counts().equals(actual.counts()) ? Optional.empty()
                        : Optional.of("counts: expected " + expected.counts() + ", got " + actual.counts()));
    }

    /** As {@link #firstDifference}, and then the join views too. */
    public static Optional<String> firstDifferenceWithJoins(Report expected, Report actual) {
        return firstDifference(expected, actual)
                .or(() -> first("ad_attribution", expected.adAttribution(), actual.adAttribution()))
                .or(() -> first("revenue_per_hour_by_tier", expected.revenuePerHourByTier(), actual.revenuePerHourByTier()));
    }

    private static <T> Optional<String> first(String view, List<T> expected, List<T> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return Optional.of(view + "[" + i + "]: expected " + expected.get(i) + ", got " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            return Optional.of(view + ": expected " + expected.size() + " rows, got " + actual.size()
                    + (expected.size() > n ? "; first missing " + expected.get(n) : "; first extra " + actual.get(n)));
        }
        return Optional.empty();
    }
}

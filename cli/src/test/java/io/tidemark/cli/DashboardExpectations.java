package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.core.report.Report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every dashboard panel must show, computed from {@code tidemark query all --json} (the report) and the
 * snapshot's {@code as_of} alone, by the rules docs/dashboard.md states — independently of the dashboard's own
 * assembly, so a test comparing the two can catch it summing, windowing or sorting wrongly.
 */
record DashboardExpectations(Instant asOf, Map<Instant, Long> activeUsers, Map<Instant, BigDecimal> revenue, Map<Instant, Long> orders,
                             Map<Instant, Long> sessions, Map<Instant, Long> medianSessionSeconds, long abandoned, List<String> latestAlertIds,
                             long ordersInRange, String abandonmentRate, Map<String, long[]> ads, Map<String, BigDecimal> tierRevenue,
                             Map<String, Long> tierOrders, Report.Counts counts) {

    static DashboardExpectations of(Report report, Instant asOf) {
        Map<Instant, Long> users = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            Instant end = asOf.minus(Duration.ofMinutes(59 - i));
            Instant start = end.minus(Duration.ofMinutes(5));
            users.put(start, report.activeUsers().stream().filter(w -> w.windowStart().equals(start)).mapToLong(Report.ActiveUsersWindow::users)
                    .sum());
        }
        Instant lastHour = asOf.minusMillis(1).truncatedTo(ChronoUnit.HOURS);
        Instant from = lastHour.minus(Duration.ofHours(23));
        Instant to = lastHour.plus(Duration.ofHours(1));
        Map<Instant, BigDecimal> revenue = new LinkedHashMap<>();
        Map<Instant, Long> orders = new LinkedHashMap<>();
        Map<Instant, Long> sessions = new LinkedHashMap<>();
        Map<Instant, Long> medians = new LinkedHashMap<>();
        long ordersInRange = 0;
        for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            Instant hour = h;
            Report.RevenueWindow w = report.revenuePerHour().stream().filter(x -> x.windowStart().equals(hour)).findFirst().orElse(null);
            revenue.put(hour, w == null ? new BigDecimal("0.00") : w.revenue());
            orders.put(hour, w == null ? 0 : w.orders());
            ordersInRange += w == null ? 0 : w.orders();
            List<Long> lengths = report.sessions().stream().filter(s -> s.sessionStart().truncatedTo(ChronoUnit.HOURS).equals(hour))
                    .map(s -> Duration.between(s.sessionStart(), s.lastEvent()).toSeconds()).sorted().toList();
            sessions.put(hour, (long) lengths.size());
            medians.put(hour, lengths.isEmpty() ? null : lengths.get((lengths.size() - 1) / 2));
        }
        List<Report.Abandonment> abandoned = report.cartAbandonments().stream()
                .filter(a -> !a.cartOpened().isBefore(from) && a.cartOpened().isBefore(to)).toList();
        List<String> latest = abandoned.stream().sorted(Comparator.comparing(Report.Abandonment::lastActivity).reversed()
                .thenComparing(Report.Abandonment::alertId)).limit(20).map(Report.Abandonment::alertId).toList();
        long total = abandoned.size() + ordersInRange;
        String rate = total == 0 ? null : BigDecimal.valueOf(abandoned.size()).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP).toPlainString();
        Map<String, long[]> ads = new TreeMap<>();
        report.adAttribution().stream().filter(a -> !a.windowStart().isBefore(from) && a.windowStart().isBefore(to)).forEach(a -> {
            long[] c = ads.computeIfAbsent(a.adId(), k -> new long[3]);
            c[0] += a.impressions();
            c[1] += a.clicks();
            c[2] += a.attributedClicks();
        });
        Map<String, BigDecimal> tierRevenue = new TreeMap<>();
        Map<String, Long> tierOrders = new TreeMap<>();
        report.revenuePerHourByTier().stream().filter(t -> !t.windowStart().isBefore(from) && t.windowStart().isBefore(to)).forEach(t -> {
            tierRevenue.merge(t.tier(), t.revenue(), BigDecimal::add);
            tierOrders.merge(t.tier(), t.orders(), Long::sum);
        });
        return new DashboardExpectations(asOf, users, revenue, orders, sessions, medians, abandoned.size(), latest, ordersInRange, rate, ads,
                tierRevenue, tierOrders, report.counts());
    }

    /** Every number of the API's snapshot that {@code query all --json} also gives; the differences, empty when equal. */
    List<String> differencesFrom(JsonNode s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Instant, Long> e : activeUsers.entrySet()) {
            JsonNode w = s.at("/active_users/minutes/" + i++);
            check(out, "active users " + e.getKey(), e.getKey() + " " + e.getValue(), w.get("window_start").asText() + " " + w.get("users").asLong());
        }
        check(out, "headline", activeUsers.values().stream().reduce((a, b) -> b).orElseThrow(), s.at("/active_users/headline/users").asLong());
        i = 0;
        for (Instant hour : revenue.keySet()) {
            JsonNode h = s.at("/revenue_per_hour/" + i);
            check(out, "revenue " + hour, hour + " " + revenue.get(hour).stripTrailingZeros().toPlainString() + " " + orders.get(hour),
                    h.get("window_start").asText() + " " + new BigDecimal(h.get("revenue").asText()).stripTrailingZeros().toPlainString() + " "
                            + h.get("orders").asLong());
            JsonNode q = s.at("/sessions_per_hour/" + i++);
            check(out, "sessions " + hour, sessions.get(hour) + " " + medianSessionSeconds.get(hour),
                    q.get("sessions").asLong() + " " + (q.get("median_length_seconds").isNull() ? null : q.get("median_length_seconds").asLong()));
        }
        check(out, "abandoned", abandoned, s.at("/carts/abandoned").asLong());
        check(out, "orders in range", ordersInRange, s.at("/carts/orders").asLong());
        check(out, "abandonment rate", abandonmentRate, s.at("/carts/abandonment_rate").isNull() ? null : s.at("/carts/abandonment_rate").asText());
        List<String> ids = new ArrayList<>();
        s.at("/carts/latest_alerts").forEach(a -> ids.add(a.get("alert_id").asText()));
        check(out, "latest alerts", latestAlertIds, ids);
        Map<String, String> adRows = new TreeMap<>();
        s.get("ad_attribution").forEach(a -> adRows.put(a.get("ad_id").asText(),
                a.get("impressions").asLong() + "/" + a.get("clicks").asLong() + "/" + a.get("attributed_clicks").asLong()));
        Map<String, String> expectedAds = new TreeMap<>();
        ads.forEach((ad, c) -> expectedAds.put(ad, c[0] + "/" + c[1] + "/" + c[2]));
        check(out, "ad attribution", expectedAds, adRows);
        Map<String, String> tierRows = new TreeMap<>();
        s.get("revenue_by_tier").forEach(t -> tierRows.put(t.get("tier").asText(),
                new BigDecimal(t.get("revenue").asText()).stripTrailingZeros().toPlainString() + "/" + t.get("orders").asLong()));
        Map<String, String> expectedTiers = new TreeMap<>();
        tierRevenue.forEach((tier, r) -> expectedTiers.put(tier, r.stripTrailingZeros().toPlainString() + "/" + tierOrders.get(tier)));
        check(out, "revenue by tier", expectedTiers, tierRows);
        JsonNode c = s.at("/health/counts");
        check(out, "counts", counts, new Report.Counts(c.get("accepted").asLong(), c.get("duplicates").asLong(), c.get("rejected").asLong(),
                c.get("late").asLong()));
        check(out, "quarantined", counts.rejected() + counts.late(), s.at("/health/quarantined").asLong());
        return out;
    }

    private static void check(List<String> out, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            out.add(what + ": expected " + expected + ", the dashboard has " + actual);
        }
    }
}

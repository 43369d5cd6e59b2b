package io.tidemark.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.time.Timestamps;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportComparisonTest {

    private static final Instant H10 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant H11 = Instant.parse("2026-11-23T11:00:00Z");
    private static final Instant H12 = Instant.parse("2026-11-23T12:00:00Z");

    private static Report report(String revenue10, long late, List<Report.UserSession> sessions) {
        return new Report(
                List.of(new Report.RevenueWindow(H10, H11, new BigDecimal(revenue10), 2), new Report.RevenueWindow(H11, H12, new BigDecimal("5.00"), 1)),
                List.of(new Report.ActiveUsersWindow(H10, H10.plusSeconds(300), 3)),
                sessions,
                List.of(new Report.Abandonment("a1", "u2", H10, H10.plusSeconds(60), List.of("p1"))),
                List.of(new Report.AdAttribution(H10, H11, "ad-1", 4, 2, 1)),
                List.of(new Report.TierRevenueWindow(H10, H11, "gold", new BigDecimal(revenue10), 2)),
                new Report.Counts(10, 1, 0, late));
    }

    private static final List<Report.UserSession> SESSIONS = List.of(new Report.UserSession("u1", H10, H10.plusSeconds(600), 4),
            new Report.UserSession("u1", H11.plusSeconds(1800), H11.plusSeconds(2400), 2));

    @Test
    void equalReportsHaveNoDifferenceAndEverySectionIsCompared() {
        ReportComparison.Outcome same = ReportComparison.whole(report("37.25", 0, SESSIONS), report("37.25", 0, SESSIONS));
        assertThat(same.identical()).isTrue();
        assertThat(same.sections()).containsExactly("revenue_per_hour", "active_users", "sessions", "cart_abandonments", "ad_attribution",
                "revenue_per_hour_by_tier", "counts");
        assertThat(same.itemsCompared()).isEqualTo(2 + 1 + 2 + 1 + 1 + 1 + 4);
    }

    @Test
    void aChangedValueIsOneDifferenceAtItsItemAndField() {
        ReportComparison.Outcome diff = ReportComparison.whole(report("36.00", 1, SESSIONS), report("37.25", 0, SESSIONS));
        assertThat(diff.differences()).extracting(ReportComparison.Difference::toString).containsExactly(
                "revenue_per_hour[window_start=2026-11-23T10:00:00Z].revenue: \"36.00\" in the rebuilt views, \"37.25\" in the reference",
                "revenue_per_hour_by_tier[window_start=2026-11-23T10:00:00Z,tier=gold].revenue: \"36.00\" in the rebuilt views, "
                        + "\"37.25\" in the reference",
                "counts.late: 1 in the rebuilt views, 0 in the reference");
    }

    @Test
    void aMissingOrExtraItemIsOnlyInOneReport() {
        ReportComparison.Outcome diff = ReportComparison.whole(report("37.25", 0, SESSIONS.subList(0, 1)), report("37.25", 0, SESSIONS));
        assertThat(diff.differences()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("sessions[user_id=u1,session_start=2026-11-23T11:30:00Z]");
            assertThat(d.rebuilt()).isNull();
            assertThat(d.reference()).contains("\"events\":2");
        });
    }

    @Test
    void beforeTheEndOfInputOnlyWhatIsSettledAtTheHorizonIsComparedAndCountsAreLeftOut() {
        Report rebuilt = report("37.25", 3, SESSIONS);
        Report live = new Report(rebuilt.revenuePerHour().subList(0, 1), rebuilt.activeUsers(), SESSIONS.subList(0, 1),
                rebuilt.cartAbandonments(), rebuilt.adAttribution(), rebuilt.revenuePerHourByTier(), new Report.Counts(9, 1, 0, 0));
        long horizon = H11.plusSeconds(1200).toEpochMilli(); // 11:20: the 11:00 hour and the 11:30 session are not settled
        ReportComparison.Outcome settled = ReportComparison.settledBefore(rebuilt, live, horizon);
        assertThat(settled.identical()).as(settled.differences().toString()).isTrue();
        assertThat(settled.sections()).doesNotContain("counts");
        assertThat(settled.scope()).contains("2026-11-23T11:20:00Z");
        assertThat(ReportComparison.settledBefore(rebuilt, live, Timestamps.POSITIVE_INFINITY).differences()).hasSize(1 + 1 + 2);
    }

    @Test
    void aSectionTheReportTypeDoesNotKnowIsComparedAsWell() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode a = (ObjectNode) json.valueToTree(java.util.Map.of("ad_attribution", List.of(
                java.util.Map.of("ad_id", "ad1", "window_start", "2026-11-23T10:00:00Z", "window_end", "2026-11-23T11:00:00Z", "clicks", 3))));
        ObjectNode b = a.deepCopy();
        ((ObjectNode) b.get("ad_attribution").get(0)).put("clicks", 4);
        ReportComparison.Outcome diff = ReportComparison.compare(a, b, Timestamps.POSITIVE_INFINITY);
        assertThat(diff.differences()).extracting(ReportComparison.Difference::path)
                .containsExactly("ad_attribution[window_start=2026-11-23T10:00:00Z,ad_id=ad1].clicks");
        assertThat(ReportComparison.compare(a, json.createObjectNode(), Timestamps.POSITIVE_INFINITY).differences())
                .extracting(ReportComparison.Difference::path).containsExactly("ad_attribution");
    }

    @Test
    void anAdAttributionRowSettlesTheAttributionWindowAfterItsHour() {
        ObjectNode row = new ObjectMapper().valueToTree(java.util.Map.of("window_start", "2026-11-23T10:00:00Z",
                "window_end", "2026-11-23T11:00:00Z", "ad_id", "ad-1", "attributed_clicks", 1));
        assertThat(ReportComparison.isSettled(row, H11.plusSeconds(599).toEpochMilli())).isFalse();
        assertThat(ReportComparison.isSettled(row, H11.plusSeconds(600).toEpochMilli())).isTrue();
    }
}

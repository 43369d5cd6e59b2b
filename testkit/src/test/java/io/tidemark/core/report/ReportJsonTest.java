package io.tidemark.core.report;

import io.tidemark.core.view.CartAbandonment;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.tidemark.testkit.Times.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportJsonTest {

    private static Report sample() {
        return new Report(
                List.of(new Report.RevenueWindow(at("11:00"), at("12:00"), new BigDecimal("5"), 1),
                        new Report.RevenueWindow(at("10:00"), at("11:00"), new BigDecimal("37.25"), 2)),
                List.of(new Report.ActiveUsersWindow(at("10:00"), at("10:05"), 3)),
                List.of(new Report.UserSession("u2", at("10:00"), at("10:20"), 2), new Report.UserSession("u1", at("10:00"), at("10:15"), 3)),
                List.of(new Report.Abandonment(CartAbandonment.alertIdFor("u2", at("10:01")), "u2", at("10:01"), at("10:07"), List.of("p1", "p2"))),
                List.of(new Report.AdAttribution(at("11:00"), at("12:00"), "ad-1", 0, 1, 0),
                        new Report.AdAttribution(at("10:00"), at("11:00"), "ad-2", 3, 1, 1),
                        new Report.AdAttribution(at("10:00"), at("11:00"), "ad-1", 3, 2, 2)),
                List.of(new Report.TierRevenueWindow(at("10:00"), at("11:00"), "unknown", new BigDecimal("7.25"), 1),
                        new Report.TierRevenueWindow(at("10:00"), at("11:00"), "gold", new BigDecimal("30"), 1)),
                new Report.Counts(10, 1, 2, 3));
    }

    @Test
    void writesTheShapeOfSpecSectionFiveInItsOrder() {
        String json = ReportJson.toJson(sample());

        assertThat(json).isEqualTo("""
                {
                  "revenue_per_hour" : [ {
                    "window_start" : "2026-11-23T10:00:00Z",
                    "window_end" : "2026-11-23T11:00:00Z",
                    "revenue" : "37.25",
                    "orders" : 2
                  }, {
                    "window_start" : "2026-11-23T11:00:00Z",
                    "window_end" : "2026-11-23T12:00:00Z",
                    "revenue" : "5.00",
                    "orders" : 1
                  } ],
                  "active_users" : [ {
                    "window_start" : "2026-11-23T10:00:00Z",
                    "window_end" : "2026-11-23T10:05:00Z",
                    "users" : 3
                  } ],
                  "sessions" : [ {
                    "user_id" : "u1",
                    "session_start" : "2026-11-23T10:00:00Z",
                    "last_event" : "2026-11-23T10:15:00Z",
                    "events" : 3
                  }, {
                    "user_id" : "u2",
                    "session_start" : "2026-11-23T10:00:00Z",
                    "last_event" : "2026-11-23T10:20:00Z",
                    "events" : 2
                  } ],
                  "cart_abandonments" : [ {
                    "alert_id" : "%s",
                    "user_id" : "u2",
                    "cart_opened" : "2026-11-23T10:01:00Z",
                    "last_activity" : "2026-11-23T10:07:00Z",
                    "products" : [ "p1", "p2" ]
                  } ],
                  "ad_attribution" : [ {
                    "window_start" : "2026-11-23T10:00:00Z",
                    "window_end" : "2026-11-23T11:00:00Z",
                    "ad_id" : "ad-1",
                    "impressions" : 3,
                    "clicks" : 2,
                    "attributed_clicks" : 2,
                    "ctr" : "0.6667"
                  }, {
                    "window_start" : "2026-11-23T10:00:00Z",
                    "window_end" : "2026-11-23T11:00:00Z",
                    "ad_id" : "ad-2",
                    "impressions" : 3,
                    "clicks" : 1,
                    "attributed_clicks" : 1,
                    "ctr" : "0.3333"
                  }, {
                    "window_start" : "2026-11-23T11:00:00Z",
                    "window_end" : "2026-11-23T12:00:00Z",
                    "ad_id" : "ad-1",
                    "impressions" : 0,
                    "clicks" : 1,
                    "attributed_clicks" : 0,
                    "ctr" : null
                  } ],
                  "revenue_per_hour_by_tier" : [ {
                    "window_start" : "2026-11-23T10:00:00Z",
                    "window_end" : "2026-11-23T11:00:00Z",
                    "tier" : "gold",
                    "revenue" : "30.00",
                    "orders" : 1
                  }, {
                    "window_start" : "2026-11-23T10:00:00Z",
                    "window_end" : "2026-11-23T11:00:00Z",
                    "tier" : "unknown",
                    "revenue" : "7.25",
                    "orders" : 1
                  } ],
                  "counts" : {
                    "accepted" : 10,
                    "duplicates" : 1,
                    "rejected" : 2,
                    "late" : 3
                  }
                }
                """.formatted(CartAbandonment.alertIdFor("u2", at("10:01"))));
    }

    @Test
    void readsWhatItWrites() {
        Report report = sample();

        assertThat(ReportJson.read(ReportJson.toJson(report))).isEqualTo(report);
    }

    @Test
    void aMalformedReportNamesTheField() {
        assertThatThrownBy(() -> ReportJson.read("{\"revenue_per_hour\": [{\"window_start\": \"yesterday\"}]}"))
                .hasMessageContaining("revenue_per_hour[].window_start").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> ReportJson.read("[]")).hasMessageContaining("revenue_per_hour");
    }

    @Test
    void aClickThroughRateThatDisagreesWithItsCountsIsRejected() {
        String json = ReportJson.toJson(sample()).replace("\"ctr\" : \"0.6667\"", "\"ctr\" : \"0.6666\"");

        assertThatThrownBy(() -> ReportJson.read(json))
                .hasMessageContaining("ad_attribution[].ctr of ad 'ad-1'").hasMessageContaining("2 / 3 gives \"0.6667\"");
    }

    @Test
    void theClickThroughRateIsRoundedHalfUpToFourPlacesAndMayExceedOne() {
        assertThat(new Report.AdAttribution(at("10:00"), at("11:00"), "a", 8, 1, 1).ctr()).isEqualByComparingTo("0.1250");
        assertThat(new Report.AdAttribution(at("10:00"), at("11:00"), "a", 3, 1, 1).ctr().toPlainString()).isEqualTo("0.3333");
        assertThat(new Report.AdAttribution(at("10:00"), at("11:00"), "a", 30000, 1, 1).ctr().toPlainString()).isEqualTo("0.0000");
        assertThat(new Report.AdAttribution(at("10:00"), at("11:00"), "a", 20000, 1, 1).ctr().toPlainString()).isEqualTo("0.0001");
        assertThat(new Report.AdAttribution(at("10:00"), at("11:00"), "a", 2, 3, 3).ctr().toPlainString()).isEqualTo("1.5000");
        assertThat(new Report.AdAttribution(at("10:00"), at("11:00"), "a", 0, 3, 0).ctr()).isNull();
    }
}

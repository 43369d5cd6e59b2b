package io.tidemark.core.report;

import io.tidemark.core.view.CartAbandonment;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.tidemark.core.testing.Times.at;
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
}

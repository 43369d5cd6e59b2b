package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The upsert sink: Flink's changelog of window firings becomes the final views. */
class ViewUpdatesTest {

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-23T" + hhmm + ":00Z");
    }

    private static final Report.Counts NO_COUNTS = new Report.Counts(0, 0, 0, 0);

    @Test
    void theLastFiringOfAWindowWins() {
        ViewUpdates u = new ViewUpdates();
        u.activeUsers(new Report.ActiveUsersWindow(at("10:00"), at("10:05"), 1));
        u.activeUsers(new Report.ActiveUsersWindow(at("10:01"), at("10:06"), 1));
        u.activeUsers(new Report.ActiveUsersWindow(at("10:00"), at("10:05"), 2));
        u.revenue(new Report.RevenueWindow(at("10:00"), at("11:00"), new BigDecimal("1.00"), 1));
        u.revenue(new Report.RevenueWindow(at("10:00"), at("11:00"), new BigDecimal("3.50"), 2));

        Report r = u.report(NO_COUNTS);

        assertThat(r.activeUsers()).containsExactly(new Report.ActiveUsersWindow(at("10:00"), at("10:05"), 2),
                new Report.ActiveUsersWindow(at("10:01"), at("10:06"), 1));
        assertThat(r.revenuePerHour()).containsExactly(new Report.RevenueWindow(at("10:00"), at("11:00"), new BigDecimal("3.50"), 2));
        assertThat(u.firings()).isEqualTo(5);
    }

    @Test
    void aMergedSessionReplacesTheSessionsItAbsorbedAndNoOther() {
        ViewUpdates u = new ViewUpdates();
        u.session(new Report.UserSession("u1", at("10:00"), at("10:20"), 2));
        u.session(new Report.UserSession("u1", at("10:55"), at("11:05"), 2));
        u.session(new Report.UserSession("u1", at("12:00"), at("12:00"), 1));
        u.session(new Report.UserSession("u2", at("10:30"), at("10:30"), 1));
        u.session(new Report.UserSession("u1", at("10:00"), at("11:05"), 5)); // a late 10:37 bridged the first two

        assertThat(u.report(NO_COUNTS).sessions()).containsExactly(
                new Report.UserSession("u1", at("10:00"), at("11:05"), 5),
                new Report.UserSession("u2", at("10:30"), at("10:30"), 1),
                new Report.UserSession("u1", at("12:00"), at("12:00"), 1));
    }
}

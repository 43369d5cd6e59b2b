package io.tidemark.bench.flink;

import io.tidemark.core.report.Report;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportDiffTest {

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-23T" + hhmm + ":00Z");
    }

    private static Report sessions(Report.UserSession... sessions) {
        return new Report(List.of(), List.of(), List.of(sessions), List.of(), List.of(), List.of(), new Report.Counts(sessions.length, 0, 0, 0));
    }

    private static final Report.UserSession A = new Report.UserSession("u1", at("10:00"), at("10:10"), 2);
    private static final Report.UserSession B = new Report.UserSession("u2", at("10:05"), at("10:05"), 1);
    private static final Report.UserSession C = new Report.UserSession("u1", at("11:00"), at("11:00"), 1);

    @Test
    void equalReportsHaveNoDifference() {
        ReportDiff d = ReportDiff.between("tidemark", sessions(A, B), "flink", sessions(B, A));

        assertThat(d.equal()).isTrue();
        assertThat(d.perView()).containsOnlyKeys(ReportDiff.VIEWS).doesNotContainValue(false);
    }

    @Test
    void aMissingRowIsNamedNotTheRowsAfterIt() {
        ReportDiff d = ReportDiff.between("tidemark", sessions(A, B, C), "flink", sessions(A, C));

        assertThat(d.firstDifference()).isEqualTo("sessions (3 vs 2 rows): only tidemark has " + B);
        assertThat(d.perView()).containsEntry("sessions", false).containsEntry("counts", false).containsEntry("active_users", true);
    }

    @Test
    void aChangedRowShowsBothSides() {
        Report.UserSession longer = new Report.UserSession("u2", at("10:05"), at("10:06"), 2);
        ReportDiff d = ReportDiff.between("tidemark", sessions(A, B), "flink", sessions(A, longer));

        assertThat(d.firstDifference()).isEqualTo("sessions (2 vs 2 rows): tidemark " + B + ", flink " + longer);
        assertThat(d.perView()).containsEntry("sessions", false).containsEntry("counts", true);
    }

    @Test
    void countsAreCompared() {
        Report a = new Report(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), new Report.Counts(1, 2, 3, 0));
        Report b = new Report(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), new Report.Counts(1, 2, 4, 0));

        assertThat(ReportDiff.between("tidemark", a, "flink", b).firstDifference())
                .isEqualTo("counts: tidemark " + a.counts() + ", flink " + b.counts());
    }
}

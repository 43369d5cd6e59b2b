package io.tidemark.bench.suite;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The quiet stream's promise as the page states it: both numbers at the default settings, views = reference. */
class QuietStreamSectionTest {

    private static QuietStreamSection.Point point(double budget, double wuPerEvent, double p99, boolean equal) {
        return new QuietStreamSection.Point(12, 1, budget, budget - 1, 300, 3_600, 3_600, wuPerEvent * 3_600, wuPerEvent, wuPerEvent, 0.1, 300, 12,
                12, new LatencySection.Percentiles(3_600, 1_000, 1_500, p99, p99 + 100), 0, equal, equal ? null : "revenue_per_hour[0]");
    }

    @Test
    void theTargetNeedsBothNumbersAndTheReferenceViews() {
        assertThat(point(2, 0.3, 3_000, true).meetsTarget()).isTrue();
        assertThat(point(2, 0.3001, 2_000, true).meetsTarget()).isFalse();
        assertThat(point(2, 0.2, 3_001, true).meetsTarget()).isFalse();
        assertThat(point(2, 0.2, 2_000, false).meetsTarget()).isFalse();
    }

    @Test
    void theSummaryStatesTheDefaultBudgetAndSaysWhenAPromiseIsNotMet() {
        QuietStreamSection.Point atDefaults = point(2, 0.21, 3_400, true);
        QuietStreamSection.Result q = new QuietStreamSection.Result(atDefaults, List.of(point(1, 0.9, 900, true), atDefaults), 600);
        SuiteResults results = new SuiteResults(Machine.describe(), "full", "bench/run", "2026-12-05T10:00:00Z", "2026-12-05T10:10:00Z", 1.0, null,
                null, null, null, null, null, q, null, null, List.of());
        String page = new BenchmarksDoc(results, Map.of()).render();
        assertThat(page).contains("| write units per event at 12 events/s, default settings (latency budget 2 s) | ≤ 0.3 | 0.2100 (12.0 records a batch) | met |");
        assertThat(page).contains("| PutRecords → view at 12 events/s, default settings, p99 | ≤ 3 s | 3 400 ms").contains("| **not met** |");
        assertThat(page).contains("| **2 s (default)** | 1 s |").contains("| 1 s | 0 s |");
        assertThat(Duration.ofSeconds((long) atDefaults.latencyBudgetSeconds())).isEqualTo(Duration.ofSeconds(2));
    }
}

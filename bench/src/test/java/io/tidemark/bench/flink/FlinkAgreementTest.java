package io.tidemark.bench.flink;

import io.tidemark.bench.flink.job.JobSettings;
import io.tidemark.core.report.Report;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.testkit.FileReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Flink and Tidemark agree on every view of the benchmark input", checked in CI: generated traffic
 * with producer duplicates, repeated order ids, invalid records and out-of-orderness within the
 * watermark delay, through both sides; both also equal the brute-force reference.
 */
class FlinkAgreementTest {

    @TempDir
    Path dir;

    private static ComparisonInput generate(GeneratorSettings settings, Path file) {
        return ComparisonInput.generate(settings, file);
    }

    private static void assertAgree(ComparisonInput input, JobSettings.WatermarkCadence cadence) {
        Report reference = FileReference.of(input.textLines(), EventTimeSettings.defaults());
        try (BothSides sides = new BothSides(cadence)) {
            Report tidemark = sides.tidemark(input.lines());
            FlinkRunner.Outcome flink = sides.flink(input.lines());

            assertThat(ReportDiff.between("tidemark", tidemark, "flink", flink.report()).firstDifference()).isNull();
            assertThat(ReportDiff.between("flink", flink.report(), "reference", reference).firstDifference()).isNull();
            assertThat(flink.lateDownstream()).as("accepted events that a window still found late").isZero();
        }
    }

    @Test
    void theBenchmarkTrafficGivesTheSameReportOnBothSides() {
        ComparisonInput input = generate(ComparisonInput.benchmarkTraffic(3_000, 7, 100), dir.resolve("in.jsonl"));
        Report reference = FileReference.of(input.textLines(), EventTimeSettings.defaults());
        // The input exercises every view and every defence.
        assertThat(reference.revenuePerHour()).isNotEmpty();
        assertThat(reference.cartAbandonments()).isNotEmpty();
        assertThat(reference.sessions()).hasSizeGreaterThan(100);
        assertThat(reference.counts().duplicates()).isPositive();
        assertThat(reference.counts().rejected()).isPositive();
        assertThat(reference.counts().late()).isZero();

        assertAgree(input, JobSettings.WatermarkCadence.PERIODIC);
    }

    @Test
    void withWatermarksAfterEveryEventBothSidesAgreeOnLateEventsToo() {
        // the spec's single horizon, applied by the Flink job before its windows: with the same watermark
        // cadence as Tidemark, the same records are late on both sides.
        GeneratorSettings late = ComparisonInput.benchmarkTraffic(3_000, 11, 100).withFaults(0.01, 0.05, 0.02, 0.01);
        ComparisonInput input = generate(late, dir.resolve("late.jsonl"));

        assertThat(FileReference.of(input.textLines(), EventTimeSettings.defaults()).counts().late()).isPositive();
        assertAgree(input, JobSettings.WatermarkCadence.PER_EVENT);
    }
}

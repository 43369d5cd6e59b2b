package io.tidemark.cli;

import io.tidemark.cli.options.ExitCodes;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.events.EventJson;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.testkit.FileReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark local} end to end: the real handlers on the embedded store, through the CLI. */
class LocalCommandTest {

    private static final Path SAMPLES = Path.of("..", "events", "samples");

    @TempDir
    Path dir;

    /** A sample with a {@code <name>.customers.csv} beside it runs with that customers table ({@code --customers}). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tumbling-windows", "sliding-windows", "sessions", "cart-abandonment", "mixed-with-invalid", "ad-attribution",
            "customer-enrichment"})
    void theSeedsExamplesGiveWhatTheSeedSays(String sample) throws IOException {
        Path report = dir.resolve(sample + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("local", "--input", SAMPLES.resolve(sample + ".jsonl").toString(),
                "--report", report.toString(), "--quiet", "--archive", dir.resolve("archive").toString()));
        Path customers = SAMPLES.resolve(sample + ".customers.csv");
        if (Files.exists(customers)) {
            args.addAll(List.of("--customers", customers.toString()));
        }
        int exit = Tidemark.run(args.toArray(String[]::new));
        assertThat(exit).isZero();
        Report expected = ReportJson.read(Files.readString(SAMPLES.resolve(sample + ".expected.json")));
        assertThat(ReportJson.read(Files.readString(report))).isEqualTo(expected);
    }

    /**
     * Late events arrive 30–90 min after their event time; with small batches the three shards stay
     * within a few minutes of each other, so the sharded watermark and the single-stream one of the
     * reference agree on every late event.
     */
    @Test
    void generatedTrafficWithFaultsGivesTheReferenceReport() throws IOException {
        GeneratorSettings settings = GeneratorSettings.defaults(11).withCount(20_000).withFaults(0.01, 0.05, 0.005, 0.01);
        List<GeneratedRecord> records = new TrafficGenerator(settings).generate();
        // After the last on-time record the shards stop evening each other out: their maxima (and so
        // the sharded watermark) stay where each one's last user left them, below the single-stream
        // watermark of the reference. Records trailing the traffic are left out of this comparison.
        long lastOnTime = records.stream().filter(r -> r.kind() == GeneratedRecord.Kind.VALID)
                .mapToLong(GeneratedRecord::arrivalMillis).max().orElseThrow();
        List<String> lines = records.stream().filter(r -> r.arrivalMillis() <= lastOnTime)
                .map(r -> r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event())).toList();
        Path input = dir.resolve("traffic.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path report = dir.resolve("report.json");

        int exit = Tidemark.run("local", "--input", input.toString(), "--report", report.toString(), "--quiet", "--shards", "3", "--no-archive",
                "--batch-size", "100");

        assertThat(exit).isZero();
        Report actual = ReportJson.read(Files.readString(report));
        Report expected = FileReference.of(lines, EventTimeSettings.defaults());
        assertThat(actual.counts()).isEqualTo(expected.counts());
        assertThat(actual.counts().late()).as("the generator's late events were late").isPositive();
        assertThat(actual.revenuePerHour()).isEqualTo(expected.revenuePerHour());
        assertThat(actual.activeUsers()).isEqualTo(expected.activeUsers());
        assertThat(actual.sessions()).isEqualTo(expected.sessions());
        assertThat(actual.cartAbandonments()).isEqualTo(expected.cartAbandonments());
    }

    /**
     * The second case, in process: the stream goes 1 → 2 → 4 → 2 shards between the quarters of
     * a generated file; the views and counts are the reference's, as they are without the reshards.
     */
    @Test
    void reshardsBetweenTheQuartersOfAFileChangeNothing() throws IOException {
        Path input = dir.resolve("events.jsonl");
        assertThat(Tidemark.run("generate", "--seed", "16", "--count", "6000", "--users", "400", "--out", input.toString())).isZero();
        List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        Path report = dir.resolve("resharded.json");
        Path handlerLog = dir.resolve("handlers.log");

        int exit = Tidemark.run("local", "--input", input.toString(), "--report", report.toString(), "--quiet", "--no-archive",
                "--shards", "1", "--reshard", "1500:2", "--reshard", "3000:4", "--reshard", "4500:2", "--handler-log", handlerLog.toString());

        assertThat(exit).isZero();
        Report actual = ReportJson.read(Files.readString(report));
        Report expected = FileReference.of(lines, EventTimeSettings.defaults());
        assertThat(actual.counts().late()).isZero();
        assertThat(actual).isEqualTo(expected);
        assertThat(Files.readAllLines(handlerLog)).as("each reshard's hand-over is logged")
                .filteredOn(l -> l.contains("shards handed over")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aReshardThatIsNeitherASplitOfEveryShardNorAMergeOfPairsIsRefusedBeforeTheRun() {
        Cli.Result result = Cli.run("local", "--input", SAMPLES.resolve("sessions.jsonl").toString(), "--no-archive", "--quiet",
                "--shards", "2", "--reshard", "10:3");
        assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("--reshard 10:3", "goes to 4 (every shard split) or 1 (neighbours merged)");
        assertThat(result.out()).as("nothing ran").isEmpty();
    }

    @Test
    void aCustomersFileWithInvalidLinesStopsTheRunBeforeItStarts() throws IOException {
        Path customers = dir.resolve("customers.jsonl");
        Files.writeString(customers, "{\"user_id\":\"c1\",\"tier\":\"gold\"}\n{\"user_id\":\"c2\"}\n");

        int exit = Tidemark.run("local", "--input", SAMPLES.resolve("customer-enrichment.jsonl").toString(), "--customers", customers.toString(),
                "--quiet");

        assertThat(exit).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void aMissingInputFileIsOneLineAndExitCodeOne() {
        int exit = Tidemark.run("local", "--input", dir.resolve("nope.jsonl").toString(), "--no-archive");
        assertThat(exit).isEqualTo(ExitCodes.ERROR);
    }
}

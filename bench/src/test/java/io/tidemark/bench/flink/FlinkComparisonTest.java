package io.tidemark.bench.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry point the benchmark suite calls, and its JSON contract. */
class FlinkComparisonTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FlinkComparison.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void generatedInputWritesTheContractJson() throws Exception {
        Run run = run("--generate-count", "1500", "--seed", "3", "--repeat", "2", "--warmup", "0", "--out", dir.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode written = new ObjectMapper().readTree(dir.resolve("flink-comparison.json").toFile());
        assertThat(new ObjectMapper().readTree(run.out())).isEqualTo(written);
        assertThat(written.at("/input/generated/count").asLong()).isEqualTo(1500);
        assertThat(written.at("/input/seed").asLong()).isEqualTo(3);
        long records = Files.readAllLines(dir.resolve("flink-comparison-input.jsonl")).size();
        assertThat(written.at("/input/records").asLong()).isEqualTo(records);
        assertThat(written.at("/input/valid").asLong()).isBetween(1500L, records - 1);
        assertThat(written.get("views_equal").asBoolean()).isTrue();
        assertThat(written.get("first_difference").isNull()).isTrue();
        assertThat(written.get("per_view_equal").properties()).extracting(e -> e.getKey())
                .containsExactly("revenue_per_hour", "active_users", "sessions", "cart_abandonments", "counts");
        written.get("per_view_equal").forEach(b -> assertThat(b.asBoolean()).isTrue());
        double tidemark = written.get("tidemark_events_per_second_per_core").asDouble();
        double flink = written.get("flink_events_per_second_per_core").asDouble();
        assertThat(tidemark).isPositive();
        assertThat(flink).isPositive();
        assertThat(written.get("ratio_tidemark_to_flink").asDouble()).isCloseTo(tidemark / flink, org.assertj.core.data.Offset.offset(0.01));
        assertThat(written.at("/runs/tidemark")).hasSize(2);
        assertThat(written.at("/runs/flink")).hasSize(2);
        assertThat(written.at("/detail/report_rows/sessions").asLong()).isPositive();
        assertThat(written.at("/detail/counts/rejected").asLong()).isEqualTo(records - written.at("/input/valid").asLong());
        assertThat(written.at("/machine/cores").asInt()).isPositive();
        assertThat(written.at("/machine/jvm").asText()).isNotBlank();
        assertThat(written.at("/machine/os").asText()).isNotBlank();
    }

    @Test
    void aGivenFileIsNamedAndTheSummaryPrinted() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, """
                {"event_id":"e1","type":"page_view","user_id":"u1","timestamp":"2026-11-23T10:00:00.000Z","page":"/"}

                {"event_id":"e2","type":"add_to_cart","user_id":"u1","timestamp":"2026-11-23T10:01:00.000Z","product_id":"p1"}
                {"event_id":"e3","type":"purchase","user_id":"u1","timestamp":"2026-11-23T10:02:00.000Z","order_id":"o1","amount":12.5}
                """);

        Run run = run("--input", file.toString(), "--repeat", "1", "--warmup", "0", "--out", dir.resolve("out").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("views: equal").contains("ratio tidemark/flink per core");
        JsonNode written = new ObjectMapper().readTree(dir.resolve("out/flink-comparison.json").toFile());
        assertThat(written.at("/input/file").asText()).isEqualTo(file.toString());
        assertThat(written.at("/input/records").asLong()).isEqualTo(3);
        assertThat(written.at("/input/seed").isNull()).isTrue();
    }

    @Test
    void badUsageNamesTheOptions() {
        Run neither = run("--out", dir.toString());
        Run both = run("--input", "x.jsonl", "--generate-count", "10", "--out", dir.toString());

        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("give exactly one of --input FILE or --generate-count N");
        assertThat(both.exit()).isEqualTo(2);
    }

    @Test
    void aMissingOrEmptyInputIsOneLineNamingTheFile() throws Exception {
        Run missing = run("--input", dir.resolve("nope.jsonl").toString(), "--out", dir.toString());
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        Run nothing = run("--input", empty.toString(), "--out", dir.toString());

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("could not read --input " + dir.resolve("nope.jsonl")).doesNotContain("\tat ");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains(empty + " has no records");
    }
}

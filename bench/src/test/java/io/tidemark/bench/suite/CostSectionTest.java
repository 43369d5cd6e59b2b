package io.tidemark.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.bench.cost.model.KinesisMode;
import io.tidemark.testkit.emulators.RepositoryRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost section at tiny sizes, end to end: Tidemark and the naive pipeline measured at the levels' batch sizes,
 * the Flink job run with checkpointing in its own JVM, the bills computed, then benchmarks.md, the chart and
 * deploy.md's generated block written — and results.json parsed back into the same pages.
 */
class CostSectionTest {

    private static final SuiteSize TINY = new SuiteSize("test", 1, 1, Duration.ofSeconds(1), 20_000, 2_000, 300, List.of(1, 100), 1, 1, 0, 0, 0, 0);

    @TempDir
    Path dir;

    @Test
    void theCostSectionRunsAndItsResultsRenderAndParse() throws IOException {
        BenchSuite suite = new BenchSuite();
        Path work = dir.resolve("work");
        Path docs = dir.resolve("docs");
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("deploy.md"), "# Deploy\n\nbefore\n\n" + GeneratedBlock.START + "\nold numbers\n" + GeneratedBlock.END + "\n\nafter\n");
        SuiteResults results = suite.run(RepositoryRoot.find(), work, EnumSet.of(BenchSuite.Section.COST), TINY, "bench/run --test");
        suite.write(results, work, docs);

        assertThat(results.problems()).isEmpty();
        CostSection.Result cost = results.cost();
        assertThat(cost.levels()).hasSize(CostSection.RATES.size() * 2);
        assertThat(cost.flinkViewsEqual()).as("the checkpointed Flink job computes the same views").isTrue();
        assertThat(cost.inputs().flinkCheckpointing()).contains("hashmap");
        for (CostSection.Level l : cost.levels()) {
            assertThat(l.tidemark().total()).isPositive();
            assertThat(l.naive().total()).as("the naive pipeline writes more").isGreaterThan(l.tidemark().total());
            assertThat(l.flink().total()).isPositive();
        }
        // Tidemark's units at small batches cost more per event than at full ones.
        assertThat(cost.inputs().tidemark().get(0).writeUnitsPerEvent()).isGreaterThan(cost.inputs().tidemark().get(cost.inputs().tidemark().size() - 1)
                .writeUnitsPerEvent());

        String doc = Files.readString(docs.resolve("benchmarks.md"), StandardCharsets.UTF_8);
        CostSection.Level at12 = cost.level(12, KinesisMode.PROVISIONED);
        assertThat(doc).contains("## 8. What a user pays", CostDoc.money(at12.tidemark().total()), CostDoc.money(at12.flink().total()),
                "![Dollars a month against events per second](img/cost.png)", "prices-us-east-1.json");
        assertThat(docs.resolve("img/cost.png")).exists();

        String deploy = Files.readString(docs.resolve("deploy.md"), StandardCharsets.UTF_8);
        assertThat(deploy).startsWith("# Deploy\n\nbefore\n").endsWith("\nafter\n").doesNotContain("old numbers")
                .contains("#### Tidemark at 12 events/s, provisioned Kinesis", CostDoc.money(at12.tidemark().total()));

        // results.json holds every number: the pages drawn again from it are the same pages.
        JsonNode json = BenchSuite.mapper().readTree(work.resolve("results.json").toFile());
        assertThat(new BigDecimal(json.at("/cost/levels/0/tidemark/lines/0/usd").asText()))
                .isEqualByComparingTo(cost.levels().get(0).tidemark().lines().get(0).usd());
        Path again = dir.resolve("again");
        Files.createDirectories(again);
        Files.writeString(again.resolve("deploy.md"), GeneratedBlock.START + "\n" + GeneratedBlock.END + "\n");
        int exit = new CommandLine(new BenchSuite()).execute("--from-results", work.resolve("results.json").toString(), "--docs", again.toString(),
                "--work", dir.resolve("work-again").toString());
        assertThat(exit).isZero();
        assertThat(Files.readString(again.resolve("benchmarks.md"), StandardCharsets.UTF_8)).isEqualTo(doc);
        assertThat(Files.readString(again.resolve("deploy.md"), StandardCharsets.UTF_8)).contains(CostDoc.totals(cost));
    }
}

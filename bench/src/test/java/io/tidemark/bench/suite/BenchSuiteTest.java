package io.tidemark.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.bench.cost.model.Prices;
import io.tidemark.testkit.emulators.RepositoryRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's non-emulator, non-JMH parts at tiny sizes, end to end: inputs generated, write cost
 * measured (Tidemark on the embedded store, the naive implementation on moto) and checked against the reference,
 * state sizes, then charts and benchmarks.md rendered from the results — so that bench/run cannot rot.
 */
class BenchSuiteTest {

    private static final SuiteSize TINY = new SuiteSize("test", 1, 1, Duration.ofSeconds(1), 20_000, 600, 300, List.of(1, 100), 1, 1, 0, 0, 0, 0);

    @TempDir
    Path dir;

    @Test
    void writeCostAndStateSizeEndInADocWhoseNumbersAreTheMeasuredOnes() throws IOException {
        BenchSuite suite = new BenchSuite();
        Path work = dir.resolve("work");
        Path docs = dir.resolve("docs");
        SuiteResults results = suite.run(RepositoryRoot.find(), work, EnumSet.of(BenchSuite.Section.STATE_SIZE, BenchSuite.Section.WRITE_COST), TINY,
                "bench/run --test");
        suite.write(results, work, docs);

        assertThat(results.problems()).isEmpty();
        WriteCostSection.Result cost = results.writeCost();
        assertThat(cost.tidemark().exactlyOnce()).as("Tidemark's views equal the reference").isTrue();
        assertThat(cost.naive().exactlyOnce()).as("the naive implementation's views equal the reference").isTrue();
        assertThat(cost.sweep()).hasSize(4).allSatisfy(p -> assertThat(p.exactlyOnce()).isTrue());
        assertThat(cost.tidemark().writeUnitsPerEvent()).isPositive().isLessThan(cost.naive().writeUnitsPerEvent());
        assertThat(results.stateSize().logBytesPerRecord()).isBetween(5.0, 60.0);

        String doc = Files.readString(docs.resolve("benchmarks.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains("## 4. Write cost", "## 6. Bytes", "**" + BenchmarksDoc.fixed(cost.tidemark().writeUnitsPerEvent(), 4) + "**",
                BenchmarksDoc.fixed(cost.ratio(), 1) + "× fewer", BenchmarksDoc.fixed(results.stateSize().logBytesPerRecord(), 1) + " bytes per record",
                "![DynamoDB write units per event", "| item kind | write units |", "Command: `bench/run --test`", results.machine().summary());

        BufferedImage chart = ImageIO.read(docs.resolve("img/write-cost.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(chart.getHeight()).isEqualTo(Charts.HEIGHT);
        assertThat(distinctColours(chart)).as("a drawn chart, not a blank image").isGreaterThan(20);

        JsonNode json = BenchSuite.mapper().readTree(work.resolve("results.json").toFile());
        assertThat(json.at("/writeCost/tidemark/writeUnits").asDouble()).isEqualTo(cost.tidemark().writeUnits());
        // The $ columns' price is the price table's, named in the page and kept in results.json.
        Prices table = Prices.usEast1();
        assertThat(cost.pricePerMillionWrites()).isEqualByComparingTo(WriteCostSection.pricePerMillionWrites(table));
        assertThat(json.at("/writeCost/pricePerMillionWrites").decimalValue()).isEqualByComparingTo(cost.pricePerMillionWrites());
        assertThat(doc).contains("$" + cost.pricePerMillionWrites().toPlainString() + " per million write request units (the price table "
                + "`bench/src/main/resources/prices-us-east-1.json`, as of " + table.asOf() + ")");

        // The page drawn again from results.json is the same page: results.json holds every number it shows.
        Path again = dir.resolve("again");
        int exit = new CommandLine(new BenchSuite()).execute("--from-results", work.resolve("results.json").toString(),
                "--docs", again.toString(), "--work", dir.resolve("work-again").toString());
        assertThat(exit).isZero();
        assertThat(Files.readString(again.resolve("benchmarks.md"), StandardCharsets.UTF_8)).isEqualTo(doc);
        assertThat(again.resolve("img/write-cost.png")).exists();
    }

    @Test
    void theJmhBenchmarksTheSuiteRunsAreRegistered() throws IOException {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(list).as("JMH's generated benchmark list").isNotNull();
            String benchmarks = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            for (Class<?> c : JmhSection.BENCHMARKS) {
                assertThat(benchmarks).contains(c.getName());
            }
            assertThat(benchmarks).contains("decodeValidateStep", "handlerWithEmbeddedStore");
        }
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}

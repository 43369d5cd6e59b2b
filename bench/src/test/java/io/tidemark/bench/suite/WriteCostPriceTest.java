package io.tidemark.bench.suite;

import io.tidemark.bench.cost.model.Prices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The write-cost section's dollars: the dated price table's write unit price, exact, and earlier runs' results.json still drawn. */
class WriteCostPriceTest {

    @TempDir
    Path dir;

    @Test
    void theDollarColumnsUseTheWriteUnitPriceOfThePriceTable() {
        Prices table = Prices.usEast1();
        BigDecimal perWrite = table.usd(Prices.Item.DYNAMODB_WRITE_REQUEST_UNIT);
        assertThat(WriteCostSection.pricePerMillionWrites(table)).isEqualByComparingTo(perWrite.multiply(BigDecimal.valueOf(1_000_000)));

        Map<Prices.Item, Prices.Price> dearer = new EnumMap<>(table.prices());
        dearer.put(Prices.Item.DYNAMODB_WRITE_REQUEST_UNIT, new Prices.Price(new BigDecimal("0.00000125"), "write request unit", "a test"));
        assertThat(WriteCostSection.pricePerMillionWrites(new Prices(table.region(), table.asOf(), dearer))).isEqualByComparingTo("1.25");
    }

    @Test
    void dollarsPerMillionEventsAreTheMeasuredUnitsTimesThePriceExactly() {
        WriteCostSection.Point point = new WriteCostSection.Point("tidemark", 500, 1, 30_000, 30_000, 1_001, 0, 900, 0, null, 1.0, List.of());
        // 1 001 units / 30 000 events × $0.625 = $0.0208541666… per million events (a double gives 0.020854166666666667).
        assertThat(point.dollarsPerMillionEvents(new BigDecimal("0.625"))).isEqualByComparingTo("0.02085416666666667");
    }

    @Test
    void scaleOnPaperPricesTheTableWritesExactly() {
        ScaleOnPaper scale = new ScaleOnPaper(100, 1_000, 250, 0.05, 500, 0.1, 4.0, 150_000, new BigDecimal("0.625"));
        // 100 shards × 1 000 events/s × 0.1 WU = 10 000 WCU/s; × 3 600 s = 36 000 000 WU an hour; × $0.625 per million.
        assertThat(scale.tidemarkDollarsPerHour()).isEqualByComparingTo("22.5");
        assertThat(scale.naiveDollarsPerHour()).isEqualByComparingTo("900");
    }

    @Test
    void resultsJsonOfAnEarlierRunWithTheWritePriceAsADoubleStillRenders() throws IOException {
        Path earlier = dir.resolve("results.json");
        try (InputStream in = getClass().getResourceAsStream("/results-with-a-double-write-price.json")) {
            Files.write(earlier, in.readAllBytes());
        }
        Path docs = dir.resolve("docs");
        int exit = new CommandLine(new BenchSuite()).execute("--from-results", earlier.toString(), "--docs", docs.toString(),
                "--work", dir.resolve("work").toString());

        assertThat(exit).isZero();
        String page = Files.readString(docs.resolve("benchmarks.md"), StandardCharsets.UTF_8);
        // 1 234 units / 10 000 events × $0.625 = $0.077125 per million events: 0.077 (half up); the naive 4 WU × $0.625 = $2.500.
        assertThat(page).contains("Prices: on-demand, us-east-1, $0.625 per million write request units (the price table",
                "| **0.1234** | 10.0 | 1 200 | 0 | yes | 0.077 |", "| **4.0000** | 0.0 | 10 000 | 0 | yes | 2.500 |",
                "≈ $22.50 an hour on demand", "≈ $900 an hour");
        assertThat(page).doesNotContain("as of", "--price-per-million-writes");
    }
}

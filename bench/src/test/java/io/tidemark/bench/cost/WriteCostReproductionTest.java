package io.tidemark.bench.cost;

import io.tidemark.bench.input.BenchInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write cost of the standard input (docs/benchmarks.md §4: 100 000 events of 1 000 users, seed 7, batch
 * size 500, one shard), item kind by item kind, computed by the write-unit calculator on a fixed clock
 * (deterministic: the same input gives the same units). With a conditional put per order it was 9 793 units
 * (5 309 of them order claims, 15 failed conditions), which the calculator reproduced from DynamoDB's own
 * capacity reports row by row; orders counted in their user's state cost the order archive's items instead (4 513
 * units), and with each commit carrying its shard's head the head rows fell from 204 units to 48 (4 369 units).
 */
class WriteCostReproductionTest {

    @TempDir
    Path dir;

    @Test
    void theStandardRunCostsTheRecordedWriteUnitsByItemKind() {
        BenchInput input = BenchInput.generate(dir, BenchInput.withFaults(7, 100_000, 1_000));
        WriteCostRun.Result r = new WriteCostRun(null, input.lines()).run(WriteCostRun.Implementation.TIDEMARK, 500, 1);

        assertThat(r.firstDifference()).as("exactly-once held").isEmpty();
        Map<String, Double> byKind = new LinkedHashMap<>();
        r.byItemKind().forEach(k -> byKind.put(k.kind(), k.writeUnits()));
        System.out.printf("write cost of the standard run: %.1f units, %d requests, %d failed conditions, %.1f read units; by kind %s%n",
                r.writeUnits(), r.writeRequests(), r.failedConditions(), r.readUnits(), byKind);
        assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
                "state orders# / shardId-<n>#", 20.0,
                "state shard# / log#", 2_459.0,
                "state shard# / snap#", 590.0,
                "views page# / shard#", 467.0,
                "views sessions# / step#", 403.0,
                "alerts alerts# / step#", 208.0,
                "state heads / shardId-<n>", 48.0,
                "quarantine quarantine# / step#", 174.0));
        assertThat(r.failedConditions()).as("no order claim fails: repeats are decided in the state").isZero();
        assertThat(r.writeUnits()).as("the kinds, no failed conditions").isEqualTo(4_369.0);
    }
}

package io.tidemark.bench.cost;

import io.tidemark.bench.input.BenchInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-unit calculator reproduces the recorded write cost of the standard input (docs/benchmarks.md §4:
 * 100 000 events of 1 000 users, seed 7, batch size 500, one shard), measured before through DynamoDB's own
 * capacity reports: 9 795 units, row by row by item kind, but for the snapshots, which keep the wall clock's readings:
 * 576 units measured, 574 on the fixed clock the run uses. Deterministic: the same input gives the same units.
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
        System.out.printf("write cost of the standard run: %.1f units, %d requests, %d failed conditions; by kind %s%n", r.writeUnits(),
                r.writeRequests(), r.failedConditions(), byKind);
        assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
                "state order# / claim", 5_309.0,
                "state shard# / log#", 2_439.0,
                "state shard# / snap#", 574.0,
                "views page# / shard#", 467.0,
                "views sessions# / step#", 403.0,
                "alerts alerts# / step#", 208.0,
                "state heads / shardId-<n>", 204.0,
                "quarantine quarantine# / step#", 174.0));
        assertThat(r.failedConditions()).isEqualTo(15);
        assertThat(r.writeUnits()).as("the kinds plus 15 failed conditions of 1 unit each").isEqualTo(9_793.0);
    }
}

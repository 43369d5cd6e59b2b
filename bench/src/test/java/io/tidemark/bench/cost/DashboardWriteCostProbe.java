package io.tidemark.bench.cost;

import io.tidemark.bench.input.BenchInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class DashboardWriteCostProbe {
    @TempDir
    Path dir;

    @Test
    void measure() {
        BenchInput input = BenchInput.generate(dir, BenchInput.withFaults(7, 100_000, 1_000));
        WriteCostRun runs = new WriteCostRun(null, input.lines());
        for (int batch : new int[] {500, 3}) {
            WriteCostRun.Result r = runs.run(WriteCostRun.Implementation.TIDEMARK, batch, 2);
            System.out.printf("PROBE batch %d: %.1f WU, %d events, %.5f WU/event, exactly-once %s, by kind %s%n", batch, r.writeUnits(),
                    r.acceptedEvents(), r.writeUnitsPerEvent(), r.exactlyOnce(), r.byItemKind());
        }
    }
}

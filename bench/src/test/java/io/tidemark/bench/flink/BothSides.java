package io.tidemark.bench.flink;

import io.tidemark.bench.flink.job.JobSettings;
import io.tidemark.core.report.Report;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.events.Event;
import io.tidemark.events.EventJson;

import java.util.Arrays;
import java.util.List;

/** Test helper: the same lines through Tidemark's handler path and the Flink job. */
final class BothSides implements AutoCloseable {

    private final FlinkRunner flink;
    private final TidemarkHandlerPath tidemark = TidemarkHandlerPath.defaults();

    BothSides(JobSettings.WatermarkCadence cadence) {
        flink = new FlinkRunner(JobSettings.from(CoreSettings.defaults()).withCadence(cadence));
    }

    static List<byte[]> lines(Event... events) {
        return Arrays.stream(events).map(EventJson::toBytes).toList();
    }

    Report tidemark(List<byte[]> lines) {
        return tidemark.run(TidemarkHandlerPath.asShardRecords(lines)).value();
    }

    FlinkRunner.Outcome flink(List<byte[]> lines) {
        return flink.run(lines).value();
    }

    @Override
    public void close() {
        flink.close();
    }
}

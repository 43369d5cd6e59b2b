package io.tidemark.local.replay;

import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportComparison;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.local.StateBackend;
import io.tidemark.events.EventJson;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.local.LocalPipeline;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchiveReader;
import io.tidemark.local.archive.ArchivedLog;
import io.tidemark.local.archive.DirectoryArchiveWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Kappa on the embedded store: the archive of a live run, replayed through the same handlers. */
class ReplayTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private static String prefix(String label) {
        return "replay" + PREFIXES.incrementAndGet() + "-" + label + "-" + System.nanoTime() % 100_000;
    }

    @Test
    void theArchiveOfALiveRunReplaysIntoIdenticalViewsAndIntoTheLiveTablesChangesNothing() throws Exception {
        StateBackend dynamo = StateBackend.embedded(TestStores.embedded());
        // Faults included: duplicates, repeated orders, late records (30–90 min), invalid lines.
        List<GeneratedRecord> traffic = new TrafficGenerator(GeneratorSettings.defaults(5).withUsers(120).withCount(2_500)
                .withFaults(0.01, 0.05, 0.01, 0.01)).generate();
        PipelineConfig live = PipelineConfig.defaults().withTablePrefix(prefix("live"));
        List<String> alerted = java.util.Collections.synchronizedList(new ArrayList<>());
        try (LocalPipeline pipeline = LocalPipeline.builder(dynamo, live).shards(3).handlerLog(QUIET, false)
                .relayAlerts(alert -> alerted.add(alert.toJson()))
                .archive(new DirectoryArchiveWriter(dir, Clock.systemUTC().instant())).build()) {
            for (GeneratedRecord r : traffic) {
                byte[] data = (r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()))
                        .getBytes(StandardCharsets.UTF_8);
                pipeline.accept(PartitionKeys.of(data), data);
            }
            pipeline.endOfInput();
        }
        Report liveViews = new io.tidemark.dynamodb.ReportReader(io.tidemark.dynamodb.StateStore.on(TestStores.items(TableNames.forPrefix(live.tablePrefix()))),
                io.tidemark.core.view.ViewSettings.spec()).read();
        assertThat(liveViews.counts().late()).as("the run has late records").isPositive();
        assertThat(alerted).isNotEmpty();

        ArchivedLog log = ArchiveReader.all(null).read(new ArchiveLocation.LocalPath(dir));
        assertThat(log.size()).isEqualTo(traffic.size());
        assertThat(log.shards()).hasSize(3);

        PipelineConfig target = PipelineConfig.defaults().withTablePrefix(prefix("rebuilt"));
        Replay rebuild = new Replay(dynamo, target, Clock.systemUTC(), QUIET, false);
        assertThat(rebuild.targetHasState()).isFalse();
        Replay.Result rebuilt = rebuild.run(log, true, Replay.Progress.NONE);
        assertThat(rebuilt.records()).isEqualTo(traffic.size());
        ReportComparison.Outcome same = ReportComparison.whole(rebuilt.views(), liveViews);
        assertThat(same.differences()).isEmpty();
        assertThat(rebuilt.views()).isEqualTo(liveViews);

        Replay intoLive = new Replay(dynamo, live, Clock.systemUTC(), QUIET, false);
        assertThat(intoLive.targetHasState()).isTrue();
        long stateItems = items(dynamo, live, Table.STATE);
        long quarantined = items(dynamo, live, Table.QUARANTINE);
        Replay.Result again = intoLive.run(log, false, Replay.Progress.NONE);
        assertThat(again.views()).isEqualTo(liveViews);
        assertThat(items(dynamo, live, Table.STATE)).as("no new log entry").isEqualTo(stateItems);
        assertThat(items(dynamo, live, Table.QUARANTINE)).isEqualTo(quarantined);
    }

    @Test
    void aLocalRunThatReshardsArchivesItsLineageAndTheArchiveAloneReplaysIntoIdenticalViews() throws Exception {
        List<GeneratedRecord> traffic = new TrafficGenerator(GeneratorSettings.defaults(11).withUsers(80).withCount(1_500)
                .withFaults(0.01, 0.05, 0.0, 0.01)).generate();
        PipelineConfig live = PipelineConfig.defaults().withTablePrefix(prefix("reshard-live"));
        try (LocalPipeline pipeline = LocalPipeline.builder(StateBackend.embedded(TestStores.embedded()), live).shards(2)
                .handlerLog(QUIET, false).archive(new DirectoryArchiveWriter(dir, Clock.systemUTC().instant())).build()) {
            for (int i = 0; i < traffic.size(); i++) {
                if (i == 500) {
                    pipeline.reshard(4);
                } else if (i == 1_000) {
                    pipeline.reshard(2);
                }
                GeneratedRecord r = traffic.get(i);
                byte[] data = (r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()))
                        .getBytes(StandardCharsets.UTF_8);
                pipeline.accept(PartitionKeys.of(data), data);
            }
            pipeline.endOfInput();
        }
        Report liveViews = new io.tidemark.dynamodb.ReportReader(io.tidemark.dynamodb.StateStore.on(TestStores.items(TableNames.forPrefix(live.tablePrefix()))),
                io.tidemark.core.view.ViewSettings.spec()).read();

        ArchiveLocation archive = new ArchiveLocation.LocalPath(dir);
        ArchivedLog log = ArchiveReader.all(null).read(archive);
        List<io.tidemark.core.stream.ShardLineage> lineage = new io.tidemark.local.archive.ArchivedLineages(null).read(archive);
        assertThat(lineage).as("2 shards, split into 4, merged into 2").hasSize(8);
        assertThat(lineage.stream().filter(l -> l.parents().size() == 2)).hasSize(2);
        // Another machine: a store that never held the live tables.
        PipelineConfig target = PipelineConfig.defaults().withTablePrefix(prefix("reshard-rebuilt"));
        Replay.Result rebuilt = new Replay(StateBackend.embedded(new io.tidemark.local.store.InMemoryDatabase()), target, Clock.systemUTC(),
                QUIET, false).withLineage(lineage).run(log, true, Replay.Progress.NONE);
        assertThat(ReportComparison.whole(rebuilt.views(), liveViews).differences()).isEmpty();
        assertThat(rebuilt.views()).isEqualTo(liveViews);
    }

    @Test
    void replayedWithOtherSettingsTheViewsDifferAndTheComparisonSaysWhere() throws Exception {
        StateBackend dynamo = StateBackend.embedded(TestStores.embedded());
        List<GeneratedRecord> traffic = new TrafficGenerator(GeneratorSettings.defaults(9).withUsers(40).withCount(800)
                .withFaults(0, 0, 0.05, 0)).generate();
        PipelineConfig live = PipelineConfig.defaults().withTablePrefix(prefix("live"));
        try (LocalPipeline pipeline = LocalPipeline.builder(dynamo, live).handlerLog(QUIET, false)
                .archive(new DirectoryArchiveWriter(dir, Clock.systemUTC().instant())).build()) {
            for (GeneratedRecord r : traffic) {
                byte[] data = EventJson.toJson(r.event()).getBytes(StandardCharsets.UTF_8);
                pipeline.accept(PartitionKeys.of(data), data);
            }
            pipeline.endOfInput();
        }
        Report liveViews = new io.tidemark.dynamodb.ReportReader(io.tidemark.dynamodb.StateStore.on(TestStores.items(TableNames.forPrefix(live.tablePrefix()))),
                io.tidemark.core.view.ViewSettings.spec()).read();
        // Two hours of allowed lateness: the records that were late live now count.
        PipelineConfig patient = PipelineConfig.defaults().withTablePrefix(prefix("patient")).withEventTime(
                new io.tidemark.core.settings.EventTimeSettings(live.eventTime().watermarkDelay(), live.eventTime().idleTimeout(),
                        java.time.Duration.ofHours(2)));
        Replay.Result rebuilt = new Replay(dynamo, patient, Clock.systemUTC(), QUIET, false)
                .run(ArchiveReader.all(null).read(new ArchiveLocation.LocalPath(dir)), true, Replay.Progress.NONE);
        assertThat(rebuilt.views().counts().late()).isZero();
        ReportComparison.Outcome diff = ReportComparison.whole(rebuilt.views(), liveViews);
        assertThat(diff.identical()).isFalse();
        assertThat(diff.differences()).extracting(ReportComparison.Difference::path).contains("counts.late", "counts.accepted");
    }

    private static long items(StateBackend dynamo, PipelineConfig config, Table table) {
        long[] n = {0};
        dynamo.items(TableNames.forPrefix(config.tablePrefix()), new WriteMeter()).scan(table, item -> n[0]++);
        return n[0];
    }
}

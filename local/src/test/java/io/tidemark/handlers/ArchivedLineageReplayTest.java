package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportComparison;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.CachingCustomerDirectory;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.local.StateBackend;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchiveReader;
import io.tidemark.local.archive.ArchivedLineages;
import io.tidemark.local.archive.ArchivedLog;
import io.tidemark.local.archive.DirectoryArchiveStore;
import io.tidemark.local.replay.Replay;
import io.tidemark.local.replay.ReplayLineage;
import io.tidemark.local.store.InMemoryDatabase;
import io.tidemark.testkit.SyntheticTraffic;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive replays a resharded stream by itself: the archiver, on its own reading of a stream that is
 * split and merged while records arrive, records each shard's lineage beside the events; a replay of that
 * archive into a store that has never held the live pipeline's tables hands state over across every
 * reshard as the live run did, and its views equal the live ones.
 */
class ArchivedLineageReplayTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {7, 21, 1234})
    void anArchiveOfAReshardedStreamReplaysWithoutTheLiveStateTable(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(12).withEvents(400)
                .withRealisticSequenceNumbers());
        ReshardingStream stream = new ReshardingStream(records, 3, rnd);
        StreamShards listing = stream.listing();

        // Live: the Kinesis handler, learning the lineage from the listing and keeping it in its state table.
        TableNames live = TestStores.freshTables("lineage-live");
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(live.prefix());
        StateStore store = StateStore.on(TestStores.items(live));
        Pipeline pipeline = new Pipeline(new StepExecutor(store, new ShardProcessor(config.coreSettings()),
                new CachingCustomerDirectory(store.customers(), CustomerCacheSettings.defaults()), listing), config,
                new TestClock(records.get(0).approximateArrival()));
        // The archiver's own mapping: two containers, each with its own cache of recorded lineage.
        ArchiveHandler[] archivers = {archiver(listing), archiver(listing)};
        while (stream.anyDeliverable()) {
            ReshardingStream.Shard shard = stream.pickDeliverable(rnd);
            int to = Math.min(shard.records.size(), shard.cursor + 1 + rnd.nextInt(60));
            List<KinesisEvent.KinesisEventRecord> batch = new ArrayList<>();
            for (StreamRecord r : shard.records.subList(shard.cursor, to)) {
                batch.add(KinesisEvents.record(shard.lineage.shardId(), r.sequenceNumber(), r.partitionKey(), r.approximateArrival(),
                        KinesisEvents.data(r)));
            }
            KinesisEvent event = new KinesisEvent();
            event.setRecords(batch);
            assertThat(pipeline.kinesis.handleRequest(event, null).getBatchItemFailures()).isEmpty();
            archivers[rnd.nextInt(2)].handleRequest(event, null);
            shard.cursor = to;
        }
        pipeline.sweeper.endOfInput();
        Report liveViews = pipeline.report();
        assertThat(stream.shards).as("the stream was resharded").hasSizeGreaterThan(1);

        // One lineage object per shard listed, as ListShards gave it — children that never received a record and
        // parents closed before one reached them included (the hand-over goes through them); another container
        // writes the same bytes.
        Map<String, byte[]> objects = lineageObjects();
        List<ShardLineage> expected = stream.shards.stream().map(s -> s.lineage).toList();
        assertThat(objects.keySet()).containsExactlyInAnyOrderElementsOf(expected.stream().map(l -> l.shardId() + ".json").toList());
        ArchiveHandler another = archiver(listing);
        for (ReshardingStream.Shard s : stream.shards) {
            if (!s.records.isEmpty()) {
                another.handleRequest(KinesisEvents.event(List.of(KinesisEvents.record(s.lineage.shardId(), s.records.get(0)))), null);
            }
        }
        assertThat(lineageObjects()).allSatisfy((name, bytes) -> assertThat(bytes).as(name).isEqualTo(objects.get(name)));

        // Months later, elsewhere: the archive alone, replayed into a store that never held the live tables.
        ArchiveLocation archive = new ArchiveLocation.LocalPath(dir);
        ArchivedLog log = ArchiveReader.all(null).read(archive);
        List<ShardLineage> archived = new ArchivedLineages(null).read(archive);
        ReplayLineage lineage = ReplayLineage.choose(archived, Optional::empty, log.shards());
        assertThat(lineage.source()).isEqualTo(ReplayLineage.Source.ARCHIVE);
        assertThat(lineage.lineages()).containsExactlyInAnyOrderElementsOf(expected);
        PipelineConfig target = PipelineConfig.defaults().withTablePrefix(TestStores.freshNames("lineage-replayed").prefix());
        Replay.Result replayed = new Replay(StateBackend.embedded(new InMemoryDatabase()), target, Clock.systemUTC(), QUIET, false)
                .withLineage(lineage.lineages()).run(log, true, Replay.Progress.NONE);
        assertThat(replayed.discarded()).isZero();
        assertThat(ReportComparison.whole(replayed.views(), liveViews).differences()).as("the archive's replay of the resharded stream")
                .isEmpty();
        assertThat(replayed.views()).isEqualTo(liveViews);
    }

    private ArchiveHandler archiver(StreamShards listing) {
        return new ArchiveHandler(new DirectoryArchiveStore(dir), "events", listing, new JsonLog("ArchiveHandler", QUIET).quiet());
    }

    private Map<String, byte[]> lineageObjects() throws java.io.IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> files = Files.list(dir.resolve(ArchiveLayout.LINEAGE_PREFIX))) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }
}

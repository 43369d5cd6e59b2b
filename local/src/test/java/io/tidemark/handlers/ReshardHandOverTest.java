package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.PipelineMetrics;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.CachingCustomerDirectory;
import io.tidemark.dynamodb.ShardHead;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.local.StateBackend;
import io.tidemark.local.archive.ArchivedLog;
import io.tidemark.local.replay.Replay;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticTraffic;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reshard hand-over through the real handlers and the state port: a stream split and merged at
 * random hash keys while the input flows, read as Lambda's event source mapping reads it (a child only
 * after its parents are read to their end), by two containers that take batches in turn (one of them
 * cold now and then), with sweeper ticks of every shard — a parent between its last batch and its
 * children's first included. The lineage is learned from a listing of the stream that changes as the
 * stream does, and kept in the state table. At the end of input the views equal the brute-force reference,
 * nothing is late, every parent has ended and no sweep ticks it again; and a replay of the log into
 * fresh tables, with the lineage the live run kept, gives the same views.
 */
class ReshardHandOverTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static final class Shard {
        final ShardLineage lineage;
        final List<StreamRecord> records = new ArrayList<>();
        boolean closed;
        int cursor;

        Shard(ShardLineage lineage) {
            this.lineage = lineage;
        }

        boolean finished(List<Shard> all) {
            return closed && cursor == records.size() && parents(all).stream().allMatch(p -> p.finished(all));
        }

        boolean deliverable(List<Shard> all) {
            return cursor < records.size() && parents(all).stream().allMatch(p -> p.finished(all));
        }

        List<Shard> parents(List<Shard> all) {
            return all.stream().filter(s -> lineage.parents().contains(s.lineage.shardId())).toList();
        }
    }

    @Property(tries = 25)
    void splitsAndMergesWhileTheInputFlowsGiveTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int reshards)
            throws InterruptedException {
        Random rnd = new Random(seed);
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(3 + rnd.nextInt(20))
                .withEvents(100 + rnd.nextInt(300)).withRealisticSequenceNumbers());
        List<Shard> shards = new CopyOnWriteArrayList<>();
        List<Shard> open = new ArrayList<>(List.of(newShard(shards, ShardLineage.root("shardId-000000000000", HashKeyRange.all()))));
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < reshards; i++) {
            points.add(rnd.nextInt(records.size()));
        }
        points.sort(Comparator.naturalOrder());
        int next = 0;
        for (int i = 0; i < records.size(); i++) {
            while (next < points.size() && points.get(next) == i) {
                reshard(shards, open, rnd);
                next++;
            }
            StreamRecord r = records.get(i);
            open.stream().filter(s -> s.lineage.range().holds(r.partitionKey())).findFirst().orElseThrow().records.add(r);
        }
        // What ListShards answers: the shards that exist by now (all of them once the input is in).
        StreamShards listing = () -> shards.stream().map(s -> s.lineage).toList();

        TableNames tables = TestStores.freshTables("reshard" + Math.floorMod(seed, 1_000_000));
        TestClock clock = new TestClock(records.get(0).approximateArrival());
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(tables.prefix());
        Pipeline[] containers = {container(tables, config, clock, listing), container(tables, config, clock, listing)};
        while (shards.stream().anyMatch(s -> s.deliverable(shards))) {
            List<Shard> ready = shards.stream().filter(s -> s.deliverable(shards)).toList();
            Shard shard = ready.get(rnd.nextInt(ready.size()));
            Pipeline container = containers[rnd.nextInt(2)];
            if (rnd.nextInt(10) == 0) {
                container.executor.clearCache(); // a cold container
            }
            int to = Math.min(shard.records.size(), shard.cursor + 1 + rnd.nextInt(40));
            List<KinesisEvent.KinesisEventRecord> batch = new ArrayList<>();
            for (StreamRecord r : shard.records.subList(shard.cursor, to)) {
                batch.add(KinesisEvents.record(shard.lineage.shardId(), r.sequenceNumber(), r.partitionKey(), r.approximateArrival(),
                        KinesisEvents.data(r)));
            }
            KinesisEvent event = new KinesisEvent();
            event.setRecords(batch);
            assertThat(container.kinesis.handleRequest(event, null).getBatchItemFailures()).as("batch of %s", shard.lineage.shardId()).isEmpty();
            shard.cursor = to;
            clock.advance(1 + rnd.nextInt(20)); // shards read abreast: none goes idle
            if (rnd.nextInt(4) == 0) {
                containers[rnd.nextInt(2)].sweeper.sweep();
            }
        }
        containers[0].sweeper.endOfInput();

        Report report = containers[1].report();
        assertThat(report.counts().late()).as("out-of-orderness within the delay: nothing is late").isZero();
        assertThat(report).isEqualTo(ReferencePipeline.run(records));
        StateStore store = containers[0].store;
        long parents = shards.stream().filter(s -> s.closed).count();
        List<ShardHead> heads = store.heads().readAll();
        for (Shard s : shards) {
            if (s.closed && shards.stream().anyMatch(c -> c.lineage.parents().contains(s.lineage.shardId()) && !c.records.isEmpty())) {
                assertThat(heads).as("%s handed over to children that received records", s.lineage.shardId())
                        .anyMatch(h -> h.shardId().equals(s.lineage.shardId()) && h.progress().ended());
            }
        }
        assertThat(store.lineages().readAll()).as("the lineage is kept").hasSize(shards.size());
        long handedOver = containers[0].metrics.count(PipelineMetrics.SHARDS_HANDED_OVER) + containers[1].metrics.count(PipelineMetrics.SHARDS_HANDED_OVER);
        assertThat(handedOver).isLessThanOrEqualTo(parents);
        assertThat(containers[0].errors()).isEmpty();
        assertThat(containers[1].errors()).isEmpty();

        // The log replayed months later into fresh tables: the stream no longer lists the parents, so
        // the replay learns the lineage the live run kept, and each child again starts from its parents.
        List<SourceRecord> log = new ArrayList<>();
        for (Shard s : shards) {
            for (StreamRecord r : s.records) {
                log.add(new SourceRecord(s.lineage.shardId(), r.sequenceNumber(), r.partitionKey(), KinesisEvents.data(r),
                        Instant.ofEpochMilli(r.approximateArrival())));
            }
        }
        PipelineConfig target = PipelineConfig.defaults().withTablePrefix(TestStores.freshNames("replayed").prefix());
        Replay.Result replayed = new Replay(StateBackend.embedded(TestStores.embedded()), target, Clock.systemUTC(), QUIET, false)
                .withLineageFrom(tables.prefix()).run(ArchivedLog.of(log), true, Replay.Progress.NONE);
        assertThat(replayed.discarded()).isZero();
        assertThat(replayed.views()).as("the replay of the resharded log").isEqualTo(report);
    }

    private static Shard newShard(List<Shard> shards, ShardLineage lineage) {
        Shard s = new Shard(lineage);
        shards.add(s);
        return s;
    }

    private static String id(List<Shard> shards) {
        return String.format("shardId-%012d", shards.size());
    }

    /** Splits a random open shard at a random key of its range, or merges two neighbours. */
    private static void reshard(List<Shard> shards, List<Shard> open, Random rnd) {
        open.sort(Comparator.comparing(s -> s.lineage.range().start()));
        if (open.size() >= 2 && rnd.nextInt(3) == 0) {
            int i = rnd.nextInt(open.size() - 1);
            Shard left = open.get(i);
            Shard right = open.get(i + 1);
            Shard child = newShard(shards, new ShardLineage(id(shards), List.of(left.lineage.shardId(), right.lineage.shardId()),
                    left.lineage.range().mergedWith(right.lineage.range())));
            left.closed = true;
            right.closed = true;
            open.remove(i + 1);
            open.set(i, child);
            return;
        }
        int i = rnd.nextInt(open.size());
        Shard parent = open.get(i);
        HashKeyRange range = parent.lineage.range();
        BigInteger width = range.end().subtract(range.start());
        if (width.signum() == 0) {
            return;
        }
        BigInteger at = range.start().add(BigInteger.ONE).add(new BigInteger(130, rnd).mod(width));
        List<HashKeyRange> halves = range.splitAt(at);
        Shard a = newShard(shards, new ShardLineage(id(shards), List.of(parent.lineage.shardId()), halves.get(0)));
        Shard b = newShard(shards, new ShardLineage(id(shards), List.of(parent.lineage.shardId()), halves.get(1)));
        parent.closed = true;
        open.remove(i);
        open.add(a);
        open.add(b);
    }

    private static Pipeline container(TableNames tables, PipelineConfig config, TestClock clock, StreamShards listing) {
        StateStore store = StateStore.on(TestStores.items(tables));
        StepExecutor executor = new StepExecutor(store, new ShardProcessor(config.coreSettings()),
                new CachingCustomerDirectory(store.customers(), CustomerCacheSettings.defaults()), listing);
        return new Pipeline(executor, config, clock);
    }
}

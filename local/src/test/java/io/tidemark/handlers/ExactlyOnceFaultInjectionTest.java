package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.dynamodb.AlertRecords;
import io.tidemark.dynamodb.DynamoDbItemStore;
import io.tidemark.dynamodb.FaultyItemStore;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.dynamodb.ShardHead;
import io.tidemark.dynamodb.StateRetention;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.ShardedSimulation;
import io.tidemark.testkit.SyntheticCustomers;
import io.tidemark.testkit.SyntheticTraffic;
import io.tidemark.local.ChangeStream;
import io.tidemark.local.DynamoDbStreamsReader;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once contract (docs/spec.md §4) under seeded random schedules of everything Lambda and
 * DynamoDB can do, on the state port: crashes at any write (before it, or after it was applied
 * with the answer lost), whole-batch retries, bisected batches, partial batch responses, records
 * re-delivered from an earlier checkpoint, producer duplicates, concurrent invocations on different
 * shards, concurrent batches of one shard (parallelization factor 2: per-key sub-streams), cold
 * containers, sweeper ticks, end of input — and then a full replay of the stream into the same
 * tables. Every schedule must end with the views equal to the brute-force reference over the
 * records that were not late, every late record in the late store, every abandoned cart recorded
 * exactly once (in exactly one INSERTed alerts row of the outbox stream), and the replay changing nothing.
 * <p>
 * Every {@value #ON_DYNAMODB_EVERY}th schedule runs on the shipped DynamoDB adapter against moto's
 * DynamoDB (one request at a time) and reads the outbox through DynamoDB Streams; the others on the
 * embedded store of {@code tidemark local} and its change feed.
 * <p>
 * Only the injected crashes (and a claim of a concurrent invocation's uncommitted step) may fail a step: any other
 * error the handlers log fails the schedule, even when Lambda's retry of the batch would have hidden it.
 * <p>
 * {@code -Dtidemark.faultSchedules=N} (default 200; the {@code thorough} profile runs 2 000). Each run
 * starts from a new seed, printed with the results; {@code -Dtidemark.faultSeed=S} repeats a run, and
 * with {@code -Dtidemark.faultSchedules=1} one schedule (the failure message names both).
 */
@ExtendWith(EmulatorStack.class)
class ExactlyOnceFaultInjectionTest {

    private static final int SCHEDULES = Integer.getInteger("tidemark.faultSchedules", 200);
    private static final long SEED = Long.getLong("tidemark.faultSeed", System.currentTimeMillis() % 100_000_000L);
    /** A quarter of the schedules (50 of the default 200) go through the DynamoDB adapter on moto. */
    static final int ON_DYNAMODB_EVERY = 4;
    private static final int MAX_PARALLELIZATION = Integer.getInteger("tidemark.faultParallelization", 2);

    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong failuresReported = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong concurrentRounds = new AtomicLong();

    private DynamoDbClient moto;
    private Endpoints endpoints;
    private final AtomicLong onDynamoDb = new AtomicLong();

    @Test
    void randomSchedulesOfFailuresChangeNothingTwice(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        this.moto = TestStores.moto(endpoints);
        System.out.printf("fault injection: seed %d (-Dtidemark.faultSeed=%d repeats this run)%n", SEED, SEED);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < SCHEDULES; i++) {
                long seed = SEED + i;
                runs.add(pool.submit(() -> {
                    try {
                        runSchedule(seed);
                    } catch (Throwable e) {
                        throw new AssertionError("schedule with -Dtidemark.faultSeed=" + seed + " -Dtidemark.faultSchedules=1 failed: " + e, e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("fault injection: %d schedules (seeds %d..%d, %d on DynamoDB/moto), %d deliveries, %d injected crashes, %d partial/whole batch failures "
                        + "reported, %d cold containers, %d rounds with concurrent invocations, %.1f s%n",
                SCHEDULES, SEED, SEED + SCHEDULES - 1, onDynamoDb.get(), deliveries.get(), crashes.get(), failuresReported.get(), coldStarts.get(),
                concurrentRounds.get(), (System.nanoTime() - started) / 1e9);
        if (SCHEDULES >= 50) { // a single reproduced schedule may well run without a fault
            assertThat(crashes.get()).as("crashes injected").isGreaterThan(SCHEDULES / 2);
            assertThat(failuresReported.get()).isPositive();
            assertThat(onDynamoDb.get()).as("schedules through the DynamoDB adapter").isGreaterThanOrEqualTo(SCHEDULES / ON_DYNAMODB_EVERY);
        }
        moto.close();
    }

    /** A lane is what one concurrent Lambda invocation stream sees: a shard, or a per-key sub-stream of it. */
    private static final class Lane {
        final String shardId;
        final List<StreamRecord> records = new ArrayList<>();
        int cursor;
        int maxNext = Integer.MAX_VALUE;

        Lane(String shardId) {
            this.shardId = shardId;
        }
    }

    private void runSchedule(long seed) {
        Random rnd = new Random(seed);
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(1 + rnd.nextInt(12))
                .withEvents(20 + rnd.nextInt(130)).withSpan(Duration.ofMinutes(30 + rnd.nextInt(150)))
                .withMaxDisorder(Duration.ofSeconds(30 + rnd.nextInt(240))).withRealisticSequenceNumbers());
        int shards = 1 + rnd.nextInt(3);
        int parallelization = 1 + rnd.nextInt(MAX_PARALLELIZATION);
        int maxBatch = 1 + rnd.nextInt(40);

        boolean onDynamoDb = Math.floorMod(seed, ON_DYNAMODB_EVERY) == 0;
        Backend backend = onDynamoDb ? new OnDynamoDb(TestStores.freshNames("fault" + seed)) : new Embedded(TestStores.freshTables("fault" + seed));
        if (onDynamoDb) {
            this.onDynamoDb.incrementAndGet();
        }
        TableNames tables = backend.tables();
        WriteMeter meter = new WriteMeter();
        FaultyItemStore faulty = new FaultyItemStore(backend.items(meter));
        TestClock clock = new TestClock(System.currentTimeMillis());
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(tables.prefix());
        // A third of the schedules snapshot as often as the original rule (log > 1x the snapshot) so that crashes around
        // snapshots stay frequent; the rest use the default bound. From its own generator: the schedule's draws stay as they were.
        StateRetention retention = new Random(seed * 31 + 7).nextInt(3) == 0 ? StateRetention.defaults().withSnapshotLogMultiple(1)
                : StateRetention.defaults();
        List<Pipeline> created = new ArrayList<>();
        Pipeline[] containers = {newContainer(faulty, config, clock, retention), newContainer(faulty, config, clock, retention)};
        created.addAll(List.of(containers));
        // The customers table is loaded before the stream starts: purchases are enriched under every failure.
        List<Customer> customers = SyntheticCustomers.of(records, 0.6, seed);
        containers[0].store.customers().load(customers.iterator(), clock.millis(), n -> { });

        Map<String, Lane> lanes = new HashMap<>();
        List<Lane> order = new ArrayList<>();
        for (StreamRecord r : records) {
            int shard = ShardedSimulation.shardOf(r.partitionKey(), shards);
            int sub = Math.floorMod(r.partitionKey().hashCode() * 31 + 7, parallelization);
            String shardId = "shardId-" + String.format("%012d", shard);
            Lane lane = lanes.computeIfAbsent(shardId + "/" + sub, k -> {
                Lane l = new Lane(shardId);
                order.add(l);
                return l;
            });
            lane.records.add(r);
        }

        long crashesSeen = 0;
        while (order.stream().anyMatch(l -> l.cursor < l.records.size())) {
            crashesSeen = faulty.crashes();
            List<Lane> busy = order.stream().filter(l -> l.cursor < l.records.size()).collect(Collectors.toList());
            clock.advance(rnd.nextInt(10) == 0 ? 60_000L * (1 + rnd.nextInt(6)) : 1 + rnd.nextInt(20));
            if (rnd.nextInt(100) < 30) {
                long at = faulty.writes() + 1 + rnd.nextInt(25);
                faulty.crashAt(n -> n == at, rnd.nextBoolean() ? FaultyItemStore.When.BEFORE_WRITE : FaultyItemStore.When.AFTER_WRITE);
            } else {
                faulty.healthy();
            }
            if (rnd.nextInt(100) < 5) {
                try {
                    containers[rnd.nextInt(2)].sweeper.sweep();
                } catch (RuntimeException crash) {
                    // a sweep that fails is simply run again a minute later
                }
            }
            boolean concurrent = busy.size() > 1 && rnd.nextInt(3) == 0;
            if (concurrent) {
                concurrentRounds.incrementAndGet();
                List<Lane> two = new ArrayList<>(busy);
                java.util.Collections.shuffle(two, rnd);
                Lane a = two.get(0);
                Lane b = two.get(1);
                KinesisEvent ea = batch(a, rnd, maxBatch);
                KinesisEvent eb = batch(b, rnd, maxBatch);
                Pipeline pa = containers[0];
                Pipeline pb = containers[rnd.nextInt(2)];
                Thread other = new Thread(() -> deliver(pb, b, eb));
                other.start();
                deliver(pa, a, ea);
                try {
                    other.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            } else {
                Lane lane = busy.get(rnd.nextInt(busy.size()));
                deliver(containers[rnd.nextInt(2)], lane, batch(lane, rnd, maxBatch));
            }
            long crashed = faulty.crashes();
            if (crashed > crashesSeen && rnd.nextBoolean()) {
                // the process died: a new container with an empty cache takes over
                int replaced = rnd.nextInt(2);
                containers[replaced] = newContainer(faulty, config, clock, retention);
                created.add(containers[replaced]);
                coldStarts.incrementAndGet();
            }
        }

        // End of input, still under faults, until every shard is sealed at +∞ with its rows written (settled).
        for (int attempt = 0; ; attempt++) {
            if (attempt > 30) {
                faulty.healthy();
            }
            clock.advance(1);
            try {
                containers[rnd.nextInt(2)].sweeper.endOfInput();
            } catch (RuntimeException crash) {
                // retried
            }
            List<ShardHead> heads = containers[0].store.heads().readAll();
            if (heads.size() == order.stream().map(l -> l.shardId).distinct().count() && heads.stream().allMatch(h -> h.settledHorizon() == Timestamps.POSITIVE_INFINITY)) {
                break;
            }
            if (attempt > 60) {
                throw new AssertionError("end of input never completed: " + heads);
            }
            if (rnd.nextBoolean()) {
                long at = faulty.writes() + 1 + rnd.nextInt(8);
                faulty.crashAt(n -> n == at, rnd.nextBoolean() ? FaultyItemStore.When.BEFORE_WRITE : FaultyItemStore.When.AFTER_WRITE);
            }
        }
        faulty.healthy();
        crashes.addAndGet(faulty.crashes());
        // Only the injected crashes may fail a step: any other error that went away when Lambda retried the batch is a bug
        // the retries would hide.
        for (Pipeline container : created) {
            assertThat(container.errors()).as("errors the handlers logged that no injected crash explains")
                    .allMatch(line -> line.contains("FaultyItemStore$InjectedCrash"));
        }

        Pipeline reader = newContainer(backend.items(new WriteMeter()), config, clock, retention);
        Report report = reader.report();
        Set<String> lateSequences = reader.store.quarantine().readAll(Quarantine.Kind.LATE).stream()
                .map(Quarantine.Entry::sequenceNumber).collect(Collectors.toSet());
        assertSameReport(report, ReferencePipeline.run(records, lateSequences, SyntheticCustomers.tiers(customers)));
        Report.Counts c = report.counts();
        assertThat(c.accepted() + c.duplicates() + c.rejected() + c.late()).isEqualTo(records.size());
        assertThat(c.late()).isEqualTo(lateSequences.size());
        assertThat(reader.store.quarantine().readAll(Quarantine.Kind.REJECTED)).hasSize((int) c.rejected());
        Map<String, Integer> inserts = alertInserts(backend);
        Set<String> expectedAlerts = new HashSet<>();
        report.cartAbandonments().forEach(a -> expectedAlerts.add(a.alertId()));
        assertThat(inserts.keySet()).isEqualTo(expectedAlerts);
        assertThat(inserts.values()).as("each alert recorded exactly once").allMatch(n -> n == 1);

        // A full replay of the stream into the same tables, by a new container: nothing changes.
        Pipeline replay = newContainer(backend.items(new WriteMeter()), config, clock, retention);
        for (Lane lane : order) {
            for (int from = 0; from < lane.records.size(); from += 100) {
                StreamsEventResponse r = replay.kinesis.handleRequest(KinesisEvents.event(lane.shardId,
                        lane.records.subList(from, Math.min(lane.records.size(), from + 100))), null);
                assertThat(r.getBatchItemFailures()).isEmpty();
            }
        }
        replay.sweeper.endOfInput();
        assertSameReport(replay.report(), report);
        assertThat(alertInserts(backend)).isEqualTo(inserts);
        backend.items(new WriteMeter()).deleteTables();
    }

    /** Field by field, so that a failure shows the part that differs. */
    static void assertSameReport(Report actual, Report expected) {
        assertThat(actual.counts()).as("counts").isEqualTo(expected.counts());
        assertThat(actual.revenuePerHour()).as("revenue per hour").isEqualTo(expected.revenuePerHour());
        assertThat(actual.cartAbandonments()).as("cart abandonments").isEqualTo(expected.cartAbandonments());
        assertThat(actual.sessions()).as("sessions").isEqualTo(expected.sessions());
        assertThat(actual.activeUsers()).as("active users").isEqualTo(expected.activeUsers());
        assertThat(actual.adAttribution()).as("ad attribution").isEqualTo(expected.adAttribution());
        assertThat(actual.revenuePerHourByTier()).as("revenue per hour by tier").isEqualTo(expected.revenuePerHourByTier());
        assertThat(actual).isEqualTo(expected);
    }

    private static Pipeline newContainer(ItemStore items, PipelineConfig config, TestClock clock, StateRetention retention) {
        return new Pipeline(items, config, clock, new JsonEventDecoder(), retention);
    }

    /** Where a schedule's tables are, and how its outbox stream is read. */
    private interface Backend {
        TableNames tables();

        ItemStore items(WriteMeter meter);

        /** The alerts table's change stream from its start. */
        ChangeStream outbox();
    }

    private record Embedded(TableNames tables) implements Backend {
        @Override
        public ItemStore items(WriteMeter meter) {
            return TestStores.items(tables, meter);
        }

        @Override
        public ChangeStream outbox() {
            return TestStores.embedded().changes(tables.of(Table.ALERTS)).reader()::poll;
        }
    }

    /** The shipped DynamoDB adapter on moto; tables created here. */
    private final class OnDynamoDb implements Backend {
        private final TableNames tables;

        OnDynamoDb(TableNames tables) {
            this.tables = tables;
            items(new WriteMeter()).createTables();
        }

        @Override
        public TableNames tables() {
            return tables;
        }

        @Override
        public ItemStore items(WriteMeter meter) {
            return new DynamoDbItemStore(moto, tables, meter, DynamoDbItemStore.Capacity.COMPUTED);
        }

        @Override
        public ChangeStream outbox() {
            String arn = moto.describeTable(b -> b.tableName(tables.of(Table.ALERTS))).table().latestStreamArn();
            return new DynamoDbStreamsReader(TestStores.motoStreams(endpoints), arn);
        }
    }

    /** The next batch of a lane as Lambda would cut it: from its checkpoint (sometimes an earlier one), bisected after a failure. */
    private static KinesisEvent batch(Lane lane, Random rnd, int maxBatch) {
        int from = lane.cursor;
        if (from > 0 && rnd.nextInt(10) == 0) {
            from = rnd.nextInt(from); // re-delivery from an earlier checkpoint (a replayed or duplicated batch)
        }
        int size = 1 + rnd.nextInt(Math.min(maxBatch, Math.max(1, lane.maxNext)));
        int to = Math.min(lane.records.size(), Math.max(from + size, lane.cursor + 1));
        List<KinesisEvent.KinesisEventRecord> out = new ArrayList<>();
        for (StreamRecord r : lane.records.subList(from, to)) {
            out.add(KinesisEvents.record(lane.shardId, r));
        }
        return KinesisEvents.event(out);
    }

    private void deliver(Pipeline container, Lane lane, KinesisEvent event) {
        deliveries.incrementAndGet();
        StreamsEventResponse response;
        try {
            response = container.kinesis.handleRequest(event, null);
        } catch (RuntimeException crash) {
            // The invocation died (function error): Lambda retries the whole batch, bisecting it.
            failuresReported.incrementAndGet();
            lane.maxNext = Math.max(1, event.getRecords().size() / 2);
            return;
        }
        List<KinesisEvent.KinesisEventRecord> records = event.getRecords();
        if (response.getBatchItemFailures().isEmpty()) {
            String last = records.get(records.size() - 1).getKinesis().getSequenceNumber();
            lane.cursor = Math.max(lane.cursor, indexOf(lane, last) + 1);
            lane.maxNext = Integer.MAX_VALUE;
        } else {
            failuresReported.incrementAndGet();
            // Lambda checkpoints before the lowest failed sequence number and retries from there.
            String failed = response.getBatchItemFailures().get(0).getItemIdentifier();
            lane.cursor = Math.max(lane.cursor, indexOf(lane, failed));
            lane.maxNext = Math.max(1, records.size() / 2); // and bisects
        }
    }

    private static int indexOf(Lane lane, String sequenceNumber) {
        for (int i = 0; i < lane.records.size(); i++) {
            if (lane.records.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        throw new IllegalStateException("unknown sequence number " + sequenceNumber);
    }

    /** alert_id → number of times it is in the alerts rows INSERTed into the alerts table's stream (the outbox). */
    private static Map<String, Integer> alertInserts(Backend backend) {
        Map<String, Integer> out = new HashMap<>();
        ChangeStream stream = backend.outbox();
        for (List<Record> page = stream.poll(1000); !page.isEmpty(); page = stream.poll(1000)) {
            for (Record r : page) {
                if ("INSERT".equals(r.eventNameAsString())) {
                    // An alerts row carries a step's alerts: every alert in every inserted row counts, so the
                    // same alert in two rows (or twice in one) is two records.
                    for (CartAbandonment a : AlertRecords.decode(r.dynamodb().newImage())) {
                        out.merge(a.alertId(), 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }
}

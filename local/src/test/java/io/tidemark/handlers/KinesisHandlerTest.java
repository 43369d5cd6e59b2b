package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.TableNames;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.core.time.Timestamps;
import io.tidemark.dynamodb.ShardHead;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticCustomers;
import io.tidemark.testkit.SyntheticTraffic;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kinesis handler fed real {@link KinesisEvent}s, on the embedded store. */
class KinesisHandlerTest {

    private static final String SHARD = "shardId-000000000000";

    private static List<StreamRecord> traffic(long seed) {
        return SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(20).withEvents(400)
                .withMaxDisorder(Duration.ofMinutes(2)).withRealisticSequenceNumbers());
    }

    @Test
    void batchesThenEndOfInputGiveExactlyTheReferenceViews() {
        List<StreamRecord> records = traffic(11);
        Pipeline p = new Pipeline(TestStores.items(TestStores.freshTables("kinesis")), new TestClock(System.currentTimeMillis()));
        List<Customer> customers = SyntheticCustomers.of(records, 0.7, 11);
        p.store.customers().load(customers.iterator(), 1, n -> { });
        for (int from = 0; from < records.size(); from += 50) {
            StreamsEventResponse r = p.kinesis.handleRequest(KinesisEvents.event(SHARD, records.subList(from, Math.min(records.size(), from + 50))), null);
            assertThat(r.getBatchItemFailures()).isEmpty();
        }
        p.sweeper.endOfInput();

        Report report = p.report();
        assertThat(report).isEqualTo(ReferencePipeline.run(records, Set.of(), SyntheticCustomers.tiers(customers)));
        assertThat(report.cartAbandonments()).isNotEmpty();
        assertThat(report.adAttribution()).anySatisfy(a -> assertThat(a.attributedClicks()).isPositive());
        assertThat(report.revenuePerHourByTier()).extracting(Report.TierRevenueWindow::tier).contains("unknown").hasSizeGreaterThan(2);
        Report.Counts c = report.counts();
        assertThat(c.accepted() + c.duplicates() + c.rejected() + c.late()).isEqualTo(records.size());
        List<Quarantine.Entry> rejected = p.store.quarantine().read(Quarantine.Kind.REJECTED, SHARD);
        assertThat(rejected).hasSize((int) c.rejected()).allSatisfy(e -> {
            assertThat(e.reasons()).isNotEmpty().allSatisfy(reason -> assertThat(reason).containsPattern("^[a-z_]+: "));
            assertThat(new String(e.data(), StandardCharsets.UTF_8)).contains("\"type\":\"teleport\"");
        });
        assertThat(p.metrics.count("EventsAccepted")).isEqualTo(c.accepted());
        assertThat(p.metrics.count("CartAbandonments")).isEqualTo(report.cartAbandonments().size());
        assertThat(p.metrics.count("AttributedClicks")).isEqualTo(report.adAttribution().stream().mapToLong(Report.AdAttribution::attributedClicks).sum());
        assertThat(p.metrics.count("AdImpressions")).isEqualTo(report.adAttribution().stream().mapToLong(Report.AdAttribution::impressions).sum());
        Map<String, BigDecimal> byTier = new TreeMap<>();
        report.revenuePerHourByTier().forEach(w -> byTier.merge(w.tier(), w.revenue(), BigDecimal::add));
        assertThat(p.metrics.revenueByTier()).hasSameSizeAs(byTier);
        byTier.forEach((tier, revenue) -> assertThat(p.metrics.revenueByTier().get(tier)).as(tier).isEqualByComparingTo(revenue));
    }

    @Test
    void eachCommitCarriesTheHeadSoAStepWritesNoHeadRowOfItsOwn() {
        List<StreamRecord> records = traffic(14);
        Pipeline p = new Pipeline(TestStores.items(TestStores.freshTables("heads")), new TestClock(System.currentTimeMillis()));
        int steps = 0;
        int rowsWritten = 0;
        long rowStep = 0;
        for (int from = 0; from < records.size(); from += 5) {
            assertThat(p.kinesis.handleRequest(KinesisEvents.event(SHARD, records.subList(from, Math.min(records.size(), from + 5))), null)
                    .getBatchItemFailures()).isEmpty();
            steps++;
            ShardHead head = p.store.heads().readAll().get(0);
            assertThat(head.step()).as("readers see the newest commit's head").isEqualTo(steps);
            assertThat(head.totals().accepted() + head.totals().duplicates() + head.totals().rejected() + head.totals().late())
                    .isEqualTo(Math.min(records.size(), from + 5));
            assertThat(head.settledHorizon()).isLessThanOrEqualTo(head.sealedHorizon());
            long now = p.store.heads().rows().get(0).step();
            if (now != rowStep) {
                rowsWritten++;
                rowStep = now;
            }
        }
        assertThat(rowsWritten).as("head rows written in %d steps: first step, snapshots, pages made final — not every step", steps)
                .isPositive().isLessThan(steps / 3);

        p.sweeper.endOfInput();
        ShardHead ended = p.store.heads().readAll().get(0);
        assertThat(ended.settledHorizon()).as("the end of input writes its rows, then a settled row").isEqualTo(Timestamps.POSITIVE_INFINITY);
        assertThat(p.report()).isEqualTo(ReferencePipeline.run(records, Set.of(), Map.of()));
    }

    @Test
    void aRetriedBatchWritesNothing() {
        List<StreamRecord> records = traffic(12).subList(0, 120);
        TableNames tables = TestStores.freshTables("retry");
        WriteMeter meter = new WriteMeter();
        Pipeline p = new Pipeline(TestStores.items(tables, meter), io.tidemark.config.PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                new TestClock(System.currentTimeMillis()), new JsonEventDecoder());
        KinesisEvent batch = KinesisEvents.event(SHARD, records);
        p.kinesis.handleRequest(batch, null);
        Report first = p.report();
        double before = meter.writeUnits();
        assertThat(p.kinesis.handleRequest(batch, null).getBatchItemFailures()).isEmpty();
        assertThat(meter.writeUnits()).as("write units of the retried batch").isEqualTo(before);
        // A new container (no cache) retrying it: reloads, re-writes the last entry's idempotent effects, adds nothing.
        Pipeline cold = new Pipeline(TestStores.items(tables, meter), io.tidemark.config.PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                new TestClock(System.currentTimeMillis()), new JsonEventDecoder());
        assertThat(cold.kinesis.handleRequest(batch, null).getBatchItemFailures()).isEmpty();
        assertThat(cold.report()).isEqualTo(first);
        assertThat(p.store.heads().readAll()).extracting(ShardHead::step).containsExactly(1L);
    }

    @Test
    void aRecordThatBreaksProcessingIsReportedAfterTheRecordsBeforeItAreCommitted() {
        List<StreamRecord> records = traffic(13);
        int at = 137;
        while (!records.get(at).isValid() || occurrences(records, records.get(at).event().eventId()) != 1) {
            at++;
        }
        int poisonAt = at;
        String poison = records.get(poisonAt).sequenceNumber();
        JsonEventDecoder healthy = new JsonEventDecoder();
        RecordDecoder buggy = data -> {
            if (new String(data, StandardCharsets.UTF_8).contains(eventIdOf(records.get(poisonAt)))) {
                throw new IllegalStateException("decoder bug");
            }
            return healthy.decode(data);
        };
        TableNames tables = TestStores.freshTables("poison");
        TestClock clock = new TestClock(System.currentTimeMillis());
        Pipeline p = new Pipeline(TestStores.items(tables, new WriteMeter()), io.tidemark.config.PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                clock, buggy);
        List<StreamRecord> batch = records.subList(100, 200);
        p.kinesis.handleRequest(KinesisEvents.event(SHARD, records.subList(0, 100)), null);
        StreamsEventResponse r = p.kinesis.handleRequest(KinesisEvents.event(SHARD, batch), null);

        assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly(poison);
        assertThat(p.store.heads().readAll().get(0).totals().accepted() + p.store.heads().readAll().get(0).totals().duplicates()
                + p.store.heads().readAll().get(0).totals().rejected() + p.store.heads().readAll().get(0).totals().late())
                .as("the records before the failing one are committed").isEqualTo(poisonAt);

        // Lambda retries from the failed record; once the bug is fixed the stream completes exactly.
        Pipeline fixed = new Pipeline(TestStores.items(tables, new WriteMeter()), io.tidemark.config.PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                clock, healthy);
        assertThat(fixed.kinesis.handleRequest(KinesisEvents.event(SHARD, records.subList(poisonAt, records.size())), null).getBatchItemFailures()).isEmpty();
        fixed.sweeper.endOfInput();
        assertThat(fixed.report()).isEqualTo(ReferencePipeline.run(records));
    }

    /**
     * A container whose cached state is behind the log re-delivers a purchase another container
     * already counted: its (doomed) attempt must not move the order's claim to its own step, or the
     * next purchase with that order id would find the claim pointing at an entry that did not count
     * it, take it over and count the order twice. Found by the fault-injection suite (seed 30000727).
     */
    @Test
    void aStaleContainerReplayingACountedPurchaseLeavesTheOrderCountedOnce() {
        TableNames tables = TestStores.freshTables("stale");
        TestClock clock = new TestClock(System.currentTimeMillis());
        Pipeline a = new Pipeline(TestStores.items(tables), clock);
        Pipeline b = new Pipeline(TestStores.items(tables), clock);
        java.time.Instant t = io.tidemark.testkit.Times.at("10:00");
        StreamRecord view = record("1", io.tidemark.events.Event.pageView("v1", "u1", t, "/"));
        StreamRecord otherView = record("2", io.tidemark.events.Event.pageView("v2", "u1", t.plusSeconds(10), "/p"));
        StreamRecord purchase = record("3", io.tidemark.events.Event.purchase("p1", "u1", t.plusSeconds(20), "o1",
                new java.math.BigDecimal("10.00"), "USD"));
        StreamRecord sameOrderAgain = record("4", io.tidemark.events.Event.purchase("p2", "u1", t.plusSeconds(30), "o1",
                new java.math.BigDecimal("99.00"), "USD"));

        a.kinesis.handleRequest(KinesisEvents.event(SHARD, List.of(view)), null);          // a caches step 1
        b.kinesis.handleRequest(KinesisEvents.event(SHARD, List.of(otherView)), null);     // step 2
        b.kinesis.handleRequest(KinesisEvents.event(SHARD, List.of(purchase)), null);      // step 3 counts o1
        assertThat(a.kinesis.handleRequest(KinesisEvents.event(SHARD, List.of(otherView, purchase)), null).getBatchItemFailures())
                .isEmpty();                                                                 // a: stale attempt at step 2, then reload
        b.kinesis.handleRequest(KinesisEvents.event(SHARD, List.of(sameOrderAgain)), null);
        b.sweeper.endOfInput();

        Report report = b.report();
        assertThat(report.revenuePerHour()).singleElement().satisfies(w -> {
            assertThat(w.revenue()).isEqualByComparingTo("10.00");
            assertThat(w.orders()).isEqualTo(1);
        });
        assertThat(report.counts().accepted()).isEqualTo(4);
    }

    private static StreamRecord record(String sequence, io.tidemark.events.Event e) {
        return StreamRecord.valid(String.format("4959%052d", Long.parseLong(sequence)), e.userId(), e.eventTimeMillis(), e);
    }

    @Test
    void invalidRecordsAreQuarantinedAndNeverFailTheBatch() {
        Pipeline p = new Pipeline(TestStores.items(TestStores.freshTables("invalid")), new TestClock(System.currentTimeMillis()));
        List<KinesisEvent.KinesisEventRecord> batch = new ArrayList<>();
        byte[][] bad = {
                "not json".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28},
                "{\"event_id\":\"e1\",\"type\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"order_id\":\"o1\",\"amount\":\"12.50\"}"
                        .getBytes(StandardCharsets.UTF_8),
                "{\"event_id\":\"e2\",\"type\":\"add_to_cart\",\"user_id\":\"u1\",\"timestamp\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8),
                new byte[0],
        };
        for (int i = 0; i < bad.length; i++) {
            batch.add(KinesisEvents.record(SHARD, Integer.toString(100 + i), "u1", 1_000, bad[i]));
        }
        assertThat(p.kinesis.handleRequest(KinesisEvents.event(batch), null).getBatchItemFailures()).isEmpty();
        List<Quarantine.Entry> q = p.store.quarantine().read(Quarantine.Kind.REJECTED, SHARD);
        assertThat(q).hasSize(bad.length);
        for (Quarantine.Entry e : q) {
            int i = Integer.parseInt(e.sequenceNumber()) - 100;
            assertThat(e.data()).isEqualTo(bad[i]);
        }
        assertThat(q.get(2).reasons()).containsExactly("amount: must be a JSON number such as 37.25, got a string ('12.50')");
        assertThat(q.get(3).reasons()).anySatisfy(s -> assertThat(s).startsWith("timestamp: "))
                .anySatisfy(s -> assertThat(s).startsWith("product_id: is required"));
        assertThat(p.report().counts().rejected()).isEqualTo(bad.length);
        assertThat(Arrays.asList(bad)).hasSize(5);
    }

    private static long occurrences(List<StreamRecord> records, String eventId) {
        return records.stream().filter(r -> r.isValid() && r.event().eventId().equals(eventId)).count();
    }

    private static String eventIdOf(StreamRecord r) {
        return "\"event_id\":\"" + r.event().eventId() + "\"";
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.OrderArchive;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.view.ViewSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each adapter against an implementation of the state port: keys, conditions, idempotence, parts,
 * capacity metering. Run on every implementation (the embedded store, and the shipped DynamoDB adapter
 * on moto), so that the item layouts and the exactly-once conditions mean the same on both.
 */
abstract class StateAdaptersContract {

    protected TableNames tables;
    protected StateStore store;

    /** A port over the tables of a new prefix, tables created. */
    protected abstract ItemStore freshStore(String label);

    @BeforeEach
    void setUp() {
        ItemStore items = freshStore("adapters");
        tables = items.tables();
        store = StateStore.on(items);
    }

    @Test
    void creatingTheTablesAgainCreatesNothing() {
        assertThat(store.items().createTables()).isEmpty();
    }

    @Test
    void aLogEntryCommitsOnceAndLargeEntriesRoundTripInParts() {
        byte[] small = bytes(1_000, 1);
        assertThat(store.log().commit("shardId-1", 1, small, 3, 1_000)).isTrue();
        assertThat(store.log().commit("shardId-1", 1, bytes(1_000, 2), 3, 2_000)).as("second commit of step 1").isFalse();
        byte[] large = bytes(800_000, 3); // three parts
        assertThat(store.log().commit("shardId-1", 2, large, 9, 3_000)).isTrue();
        // A competing attempt with other content for step 2 writes its parts under its own hash and loses.
        assertThat(store.log().commit("shardId-1", 2, bytes(800_000, 4), 9, 3_000)).isFalse();

        List<ShardLog.Entry> entries = store.log().entriesAfter("shardId-1", 0);
        assertThat(entries).extracting(ShardLog.Entry::step).containsExactly(1L, 2L);
        assertThat(entries.get(0).data()).isEqualTo(small);
        assertThat(entries.get(1).data()).isEqualTo(large);
        assertThat(store.log().entriesAfter("shardId-1", 1)).extracting(ShardLog.Entry::step).containsExactly(2L);
        assertThat(store.log().entriesAfter("shardId-2", 0)).isEmpty();
        assertThat(store.meter().snapshot().failedConditions()).isEqualTo(2);
    }

    @Test
    void theNewestCompleteSnapshotWinsAndAnIncompleteOneIsIgnored() {
        byte[] first = bytes(1_200_000, 5); // 4 parts
        store.snapshots().write("s", 10, first, 1_000);
        assertThat(store.snapshots().latest("s")).get().satisfies(s -> {
            assertThat(s.step()).isEqualTo(10);
            assertThat(s.data()).isEqualTo(first);
        });
        // A crash while writing snapshot 20: only its last part exists.
        byte[] second = bytes(700_000, 6);
        var item = new java.util.HashMap<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
        item.put("pk", AttributeValues.s("shard#s"));
        item.put("sk", AttributeValues.s(new StepRowKey("shard#s", Snapshots.SNAP, 20).sk(1)));
        item.put("step", AttributeValues.n(20));
        item.put("part", AttributeValues.n(1));
        item.put("parts", AttributeValues.n(2));
        item.put("data", AttributeValues.b(new byte[] {1}));
        store.items().put(Table.STATE, item);
        assertThat(store.snapshots().latest("s")).get().extracting(Snapshots.Snapshot::step).isEqualTo(10L);
        store.snapshots().write("s", 20, second, 2_000);
        assertThat(store.snapshots().latest("s")).get().satisfies(s -> {
            assertThat(s.step()).isEqualTo(20);
            assertThat(s.data()).isEqualTo(second);
        });
    }

    @Test
    void aHeadRowNeverGoesBack() {
        assertThat(store.heads().write(head("a", 5, 100))).isTrue();
        assertThat(store.heads().write(head("a", 4, 50))).isFalse();
        assertThat(store.heads().write(head("a", 5, 60))).isFalse();
        assertThat(store.heads().write(head("b", 1, 10))).isTrue();
        List<ShardHead> heads = store.heads().readAll();
        assertThat(heads).extracting(ShardHead::shardId).containsExactly("a", "b");
        assertThat(heads.get(0)).isEqualTo(head("a", 5, 100));
    }

    @Test
    void aCommitCarriesTheHeadAndReadersTakeItOverTheRowWithTheRowsSettledHorizon() {
        assertThat(store.heads().write(head("c", 5, 100))).isTrue();
        ShardHead committed = new ShardHead("c", 6, new ShardProgress("c", Long.MIN_VALUE, 1_700_000_000_123L, true), 250, Long.MAX_VALUE,
                new StepCounts(600, 0, 7, 1, 2), false, "49590000000000000000000000000000000000000000000000000000123", 4, 99, 1_700_000_000_456L,
                Long.MIN_VALUE, 3, Long.MAX_VALUE);
        assertThat(store.log().commit("c", 6, new byte[] {1, 2, 3}, 1, 1_700_000_000_456L, committed)).isTrue();

        ShardHead read = store.heads().readAll().get(0);
        // Everything the commit knew, but a horizon only as far as the row says the view rows are written.
        assertThat(read).isEqualTo(new ShardHead("c", 6, committed.progress(), 250, Long.MAX_VALUE, committed.totals(), false,
                committed.lastSequence(), 4, 99, 1_700_000_000_456L, Long.MIN_VALUE, 3, 90));
        assertThat(store.heads().peersOf("d")).containsExactly(committed.progress());
        assertThat(store.heads().peersOf("c")).isEmpty();

        ShardHead notDecimal = new ShardHead("c", 7, committed.progress(), 250, 260, committed.totals(), true, "seq-7", 4, 99, 5, 6, 0, 260);
        assertThat(store.log().commit("c", 7, new byte[] {4}, 1, 5, notDecimal)).isTrue();
        assertThat(store.heads().readAll().get(0).lastSequence()).isEqualTo("seq-7");
        assertThat(store.log().commit("c", 7, new byte[] {5}, 1, 5, notDecimal)).as("a step commits once").isFalse();
    }

    @Test
    void pageRowsHoldAbsoluteValuesAndAnOlderCommitNeverOverwritesANewerOne() {
        ViewSettings views = ViewSettings.spec();
        HourPage v3 = page(1_795_428_000_000L, "37.25", 2, 7);
        HourPage v2 = page(1_795_428_000_000L, "10.00", 1, 3);
        store.views().writePages("s1", 3, List.of(v3));
        store.views().writePages("s1", 2, List.of(v2));
        store.views().writePages("s1", 3, List.of(v3)); // re-applied: no change
        ViewRows.Contents c = store.views().readAll(views);
        assertThat(c.pages()).hasSize(1);
        assertThat(c.pages().get(0).commit()).isEqualTo(3);
        assertThat(c.pages().get(0).page()).isEqualTo(v3);
    }

    @Test
    void closedSessionsOfAStepAreOneRowAndSplitWhenLarge() {
        List<ClosedSession> many = new ArrayList<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 40_000; i++) {
            Instant start = Instant.ofEpochMilli(1_795_428_000_000L + rnd.nextInt(100_000_000));
            many.add(new ClosedSession("user-" + Long.toString(rnd.nextLong(), 36), start, start.plusSeconds(rnd.nextInt(5000)), 1 + rnd.nextInt(40)));
        }
        List<ClosedSession> few = List.of(new ClosedSession("u1", Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:15:00Z"), 3));
        store.views().writeSessions("s1", 7, many, 1);
        store.views().writeSessions("s1", 8, few, 1);
        store.views().writeSessions("s1", 8, few, 1); // idempotent
        List<ClosedSession> read = store.views().readAll(ViewSettings.spec()).sessions();
        assertThat(read).hasSize(many.size() + 1).containsAll(many).containsAll(few);
    }

    @Test
    void aStepsAlertsAreRecordedOnceAsOneRow() {
        CartAbandonment a = alert("u2", "2026-11-23T10:00:00Z", List.of("p1", "p2"));
        CartAbandonment b = alert("u3", "2026-11-23T10:01:00.123Z", List.of());
        WriteMeter.Units before = store.meter().snapshot();
        assertThat(store.alerts().record("s1", 4, List.of(a, b), 1)).containsExactly(a, b);
        WriteMeter.Units one = store.meter().snapshot().minus(before);
        assertThat(one.writeRequests()).as("one put for the step's alerts").isEqualTo(1);
        assertThat(one.writeUnits()).isEqualTo(1.0);
        assertThat(store.alerts().record("s1", 4, List.of(a, b), 2)).as("a re-applied step records nothing").isEmpty();
        assertThat(store.alerts().record("s1", 5, List.of(), 2)).isEmpty();
        assertThat(store.alerts().readAll()).containsExactlyInAnyOrder(a, b);
        Map<String, AttributeValue> row = store.items().get(Table.ALERTS, AlertRecords.rowPk("s1"), StepRowKey.of(AlertRecords.rowPk("s1"), 4).sk(0));
        assertThat(row.get("alerts").n()).isEqualTo("2");
        assertThat(row.get("step").n()).isEqualTo("4");
        assertThat(row.get("shard").s()).isEqualTo("s1");
        assertThat(AlertRecords.decode(row)).containsExactly(a, b);
    }

    @Test
    void aLargeStepsAlertsAreSplitIntoSelfContainedParts() {
        List<CartAbandonment> many = new ArrayList<>();
        Random rnd = new Random(5);
        for (int i = 0; i < 12_000; i++) {
            List<String> products = new ArrayList<>();
            for (int p = rnd.nextInt(4); p >= 0; p--) {
                products.add("product-" + Long.toString(rnd.nextLong(), 36));
            }
            products.sort(null);
            many.add(alert("user-" + i + "-" + Long.toString(rnd.nextLong(), 36), Instant.parse("2026-11-23T10:00:00Z").plusMillis(rnd.nextInt(9_000_000)).toString(),
                    products));
        }
        List<List<CartAbandonment>> parts = AlertRowsCodec.split(many);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(many);
        assertThat(store.alerts().record("s2", 9, many, 1)).hasSize(many.size());
        assertThat(store.alerts().record("s2", 9, many, 2)).isEmpty();
        assertThat(store.alerts().readAll()).hasSize(many.size()).containsExactlyInAnyOrderElementsOf(many);
        for (int i = 0; i < parts.size(); i++) {
            int part = i;
            Map<String, AttributeValue> item = store.items().get(Table.ALERTS, AlertRecords.rowPk("s2"), StepRowKey.of(AlertRecords.rowPk("s2"), 9).sk(part));
            assertThat(AlertRecords.decode(item)).as("part %d decodes alone", i).isEqualTo(parts.get(i));
            assertThat(item.get("parts").n()).isEqualTo(Integer.toString(parts.size()));
            assertThat(item.get("data").b().asByteArray().length).isLessThanOrEqualTo(StepRowParts.MAX_PART);
        }
    }

    @Test
    void alertItemsOfTheEarlierLayoutStillRead() {
        Map<String, AttributeValue> legacy = new java.util.HashMap<>();
        legacy.put("pk", AttributeValue.fromS("alert#x"));
        legacy.put("sk", AttributeValue.fromS("alert"));
        legacy.put("alert_id", AttributeValue.fromS("x"));
        legacy.put("alert_type", AttributeValue.fromS(AlertRecords.ALERT_TYPE));
        legacy.put("user_id", AttributeValue.fromS("u9"));
        legacy.put("cart_opened", AttributeValue.fromS("2026-11-23T10:00:00Z"));
        legacy.put("last_activity", AttributeValue.fromS("2026-11-23T10:05:00Z"));
        legacy.put("deadline", AttributeValue.fromS("2026-11-23T10:35:00Z"));
        legacy.put("products", AttributeValue.fromL(List.of(AttributeValue.fromS("p1"))));
        store.items().put(Table.ALERTS, legacy);
        assertThat(store.alerts().readAll()).containsExactly(new CartAbandonment("x", "u9", Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:05:00Z"), Instant.parse("2026-11-23T10:35:00Z"), List.of("p1")));
    }

    private static CartAbandonment alert(String user, String opened, List<String> products) {
        Instant o = Instant.parse(opened);
        return new CartAbandonment(CartAbandonment.alertIdFor(user, o), user, o, o.plusSeconds(300), o.plusSeconds(300 + 1800), products);
    }

    @Test
    void quarantineKeepsAStepsRecordsWithOriginalBytesAndReasonsInOneRowOnce() {
        byte[] huge = bytes(1_048_576, 9); // a 1 MiB Kinesis record: the row has parts
        var big = new Quarantine.Entry(Quarantine.Kind.REJECTED, "s1", "4959000001", "u1", 123, List.of("type: required", "amount: bad"), huge);
        var late = new Quarantine.Entry(Quarantine.Kind.LATE, "s1", "4959000002", "u1", 124, List.of("late: …"), "{}".getBytes());
        var small = new Quarantine.Entry(Quarantine.Kind.REJECTED, "s1", "10", "u2", 125, List.of("json: not JSON"), new byte[0]);
        assertThat(store.quarantine().keep("s1", 3, List.of(big, late), 1)).isEqualTo(2);
        assertThat(store.quarantine().keep("s1", 3, List.of(big, late), 2)).as("written again: nothing new").isZero();
        WriteMeter.Units before = store.meter().snapshot();
        assertThat(store.quarantine().keep("s1", 4, List.of(small), 1)).isEqualTo(1);
        assertThat(store.meter().snapshot().minus(before).writeUnits()).isEqualTo(1.0);
        assertThat(store.quarantine().keep("s1", 5, List.of(), 1)).isZero();
        List<Quarantine.Entry> rejected = store.quarantine().read(Quarantine.Kind.REJECTED, "s1");
        assertThat(rejected).extracting(Quarantine.Entry::sequenceNumber).as("stream order").containsExactly("10", "4959000001");
        assertThat(rejected.get(1).data()).isEqualTo(huge);
        assertThat(rejected.get(1).reasons()).containsExactly("type: required", "amount: bad");
        assertThat(rejected.get(1).partitionKey()).isEqualTo("u1");
        assertThat(rejected.get(1).arrival()).isEqualTo(123);
        assertThat(rejected.get(0).data()).isEmpty();
        assertThat(store.quarantine().readAll(Quarantine.Kind.LATE)).extracting(Quarantine.Entry::sequenceNumber).containsExactly("4959000002");
        assertThat(store.quarantine().read(Quarantine.Kind.LATE, "s2")).isEmpty();
        List<Map<String, AttributeValue>> rows = store.items().queryAll(Table.QUARANTINE, KeyQuery.partition(Quarantine.rowPk("s1")));
        StepRowKey step3 = StepRowKey.of(Quarantine.rowPk("s1"), 3);
        assertThat(rows).as("1 MiB in parts of 350 KB, then step 4's row").extracting(i -> i.get("sk").s()).containsExactly(
                step3.sk(0), step3.sk(1), step3.sk(2), StepRowKey.of(Quarantine.rowPk("s1"), 4).sk(0));
        assertThat(rows.get(0).get("rejected").n()).isEqualTo("1");
        assertThat(rows.get(0).get("late").n()).isEqualTo("1");
    }

    @Test
    void quarantineItemsOfTheEarlierLayoutStillRead() {
        Map<String, AttributeValue> item = new java.util.HashMap<>();
        item.put("pk", AttributeValue.fromS("rejected#s1"));
        item.put("sk", AttributeValue.fromS("7"));
        item.put("kind", AttributeValue.fromS("rejected"));
        item.put("shard", AttributeValue.fromS("s1"));
        item.put("sequence_number", AttributeValue.fromS("7"));
        item.put("partition_key", AttributeValue.fromS("u1"));
        item.put("arrival", AttributeValue.fromN("5"));
        item.put("reasons", AttributeValue.fromL(List.of(AttributeValue.fromS("type: unknown"))));
        item.put("data", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"type\":\"x\"}")));
        item.put("parts", AttributeValue.fromN("1"));
        store.items().put(Table.QUARANTINE, item);
        store.quarantine().keep("s1", 2, List.of(new Quarantine.Entry(Quarantine.Kind.REJECTED, "s1", "8", "u1", 6, List.of("json: bad"),
                new byte[]{1})), 1);
        assertThat(store.quarantine().read(Quarantine.Kind.REJECTED, "s1")).extracting(Quarantine.Entry::sequenceNumber).containsExactly("7", "8");
        assertThat(store.quarantine().readAll(Quarantine.Kind.REJECTED).get(0).data()).asString().isEqualTo("{\"type\":\"x\"}");
    }

    @Test
    void theOrderArchiveKnowsEveryOrderThatLeftMemoryByItsUserForEver() {
        var archive = store.orderArchive(1);
        assertThat(archive.archived(List.of(new OrderKey("u1", "o1")))).isEqualTo(new OrderArchive.Answer(Set.of(), Set.of("u1")));

        archive.keep("s1", 4, List.of(new OrderKey("u1", "o1"), new OrderKey("u1", "o2"), new OrderKey("u2", "o1")));
        archive.keep("s1", 4, List.of(new OrderKey("u1", "o1"), new OrderKey("u1", "o2"), new OrderKey("u2", "o1"))); // a reload writes it again
        archive.keep("s2", 9, List.of(new OrderKey("u1", "o3")));

        OrderArchive.Answer answer = store.orderArchive(2).archived(List.of(new OrderKey("u1", "o1"), new OrderKey("u1", "o3"),
                new OrderKey("u1", "o4"), new OrderKey("u2", "o2"), new OrderKey("u3", "o1")));
        assertThat(answer.archived()).containsExactlyInAnyOrder(new OrderKey("u1", "o1"), new OrderKey("u1", "o3"));
        assertThat(answer.usersWithoutAny()).as("u2 has an order in the archive, u3 none").containsExactly("u3");
        String longId = "o".repeat(3000);
        archive.keep("s1", 5, List.of(new OrderKey("u4", longId)));
        assertThat(archive.archived(List.of(new OrderKey("u4", longId), new OrderKey("u4", "o"))).archived()).containsExactly(new OrderKey("u4", longId));
    }

    @Test
    void everyRequestReportsConsumedCapacity() {
        WriteMeter.Units before = store.meter().snapshot();
        store.log().commit("m", 1, bytes(2_500, 1), 1, 1); // ~2.6 KB: 3 write units
        store.heads().write(head("m", 1, 1));
        WriteMeter.Units used = store.meter().snapshot().minus(before);
        assertThat(used.writeUnits()).isEqualTo(4.0);
        assertThat(used.writeRequests()).isEqualTo(2);
        store.heads().readAll();
        assertThat(store.meter().snapshot().readUnits()).isPositive();
    }

    private static ShardHead head(String shard, long step, long watermark) {
        return new ShardHead(shard, step, new ShardProgress(shard, watermark, 5, false), watermark, watermark - 10,
                new StepCounts(step, 1, 2, 3, 4), true, "49590000" + step, 1, 2, 3, 1_700_000_000_000L + step, 7, watermark - 10);
    }

    /** A page whose revenue is all gold but 7 of unknown customers, with two ads. */
    private static HourPage page(long start, String revenue, long orders, int users) {
        int[] au = new int[60];
        au[3] = users;
        au[59] = users - 1;
        BigDecimal total = new BigDecimal(revenue);
        Map<String, TierRevenue> tiers = Map.of("gold", new TierRevenue(total.subtract(new BigDecimal("7")), orders - 1),
                "unknown", new TierRevenue(new BigDecimal("7"), 1));
        Map<String, AdCounts> ads = Map.of("ad-1", new AdCounts(orders * 10, 3, 2), "ad-\u00e9\u00e8 long name", new AdCounts(0, 1, 0));
        return new HourPage(PageLayout.of(ViewSettings.spec()), start, total, orders, au, tiers, ads);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @SuppressWarnings("unused")
    private static CoreSettings settings() {
        return CoreSettings.defaults();
    }
}

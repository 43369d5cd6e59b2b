package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.local.store.ForwardingItemStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The items the per-(shard, step, part) row writers put — shard log, snapshots, sessions, alerts, quarantine, order
 * archive — compared, put by put, with the items the layout of docs/state.md is known to produce
 * ({@code step-row-items.txt}): keys, attribute names and values (bytes by length and digest), conditions, outcomes,
 * item sizes and write units, and what the readers read back at what read cost. A change of layout shows here as a
 * changed line; an intended one is recorded by replacing the file with {@code target/step-row-items.actual.txt}.
 */
class StepRowItemsFixtureTest {

    private static final String FIXTURE = "step-row-items.txt";
    private static final long NOW = 1_795_428_123_456L;

    @Test
    void everyWriterPutsTheItemsOfTheRecordedLayout() throws IOException {
        List<String> lines = new ArrayList<>();
        ItemStore embedded = TestStores.embedded().items(TestStores.freshNames("fixture"), new WriteMeter());
        embedded.createTables();
        StateStore store = StateStore.on(new Recording(embedded, lines));

        lines.add("# shard log: a small entry, one with the head, a three-part entry, a losing attempt");
        store.log().commit("s1", 1, bytes(1_000, 1), 3, NOW);
        store.log().commit("s1", 2, bytes(2_000, 2), 4, NOW + 1, head("s1", 2));
        store.log().commit("s1", 3, bytes(800_000, 3), 9, NOW + 2);
        store.log().commit("s1", 3, bytes(800_000, 4), 9, NOW + 3);
        read(lines, store, "log entries after 0", () -> store.log().entriesAfter("s1", 0).stream()
                .map(e -> e.step() + ":" + digest(e.data()) + "@" + e.writtenAt()).toList());
        read(lines, store, "log entry 3", () -> List.of(digest(store.log().entry("s1", 3))));

        lines.add("# snapshots: one part, then three parts (written last part first)");
        store.snapshots().write("s1", 1, bytes(500, 5), NOW);
        store.snapshots().write("s1", 3, bytes(800_000, 6), NOW + 2);
        read(lines, store, "newest snapshot", () -> store.snapshots().latest("s1").stream()
                .map(s -> s.step() + ":" + digest(s.data()) + "@" + s.writtenAt()).toList());

        lines.add("# sessions rows: one in parts, one small, the small one again");
        store.views().writeSessions("s1", 7, sessions(40_000), NOW);
        store.views().writeSessions("s1", 8, List.of(new ClosedSession("u1", Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:15:00Z"), 3)), NOW);
        store.views().writeSessions("s1", 8, List.of(new ClosedSession("u1", Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:15:00Z"), 3)), NOW + 5);
        read(lines, store, "sessions by step", () -> {
            List<String> steps = new ArrayList<>();
            store.views().readSessions("s1", 0, false, (step, closed) -> steps.add(step + ":" + closed.size()));
            return steps;
        });
        read(lines, store, "sessions, the newest step only", () -> {
            List<String> steps = new ArrayList<>();
            store.views().readSessions("s1", 0, true, (step, closed) -> !steps.add(step + ":" + closed.size()));
            return steps;
        });
        read(lines, store, "sessions, all", () -> List.of(Integer.toString(store.views().readAll(ViewSettings.spec()).sessions().size())));

        lines.add("# alerts rows: two alerts, a step's alerts in parts, the first again (recorded before)");
        store.alerts().record("s1", 4, List.of(alert("u2", 0, List.of("p1", "p2")), alert("u3", 123, List.of())), NOW);
        store.alerts().record("s1", 9, alerts(12_000), NOW + 1);
        store.alerts().record("s1", 4, List.of(alert("u2", 0, List.of("p1", "p2")), alert("u3", 123, List.of())), NOW + 2);
        read(lines, store, "alerts by step, newest first", () -> {
            List<String> steps = new ArrayList<>();
            store.alerts().readSteps("s1", 0, true, (step, recorded) -> steps.add(step + ":" + recorded.size()));
            return steps;
        });

        lines.add("# quarantine rows: a 1 MiB record and a late one in parts, a small one, the first again");
        var big = new Quarantine.Entry(Quarantine.Kind.REJECTED, "s1", "4959000001", "u1", 123, List.of("type: required"), bytes(1_048_576, 9));
        var late = new Quarantine.Entry(Quarantine.Kind.LATE, "s1", "4959000002", "u1", 124, List.of("late: 3 h"), "{}".getBytes(StandardCharsets.UTF_8));
        var small = new Quarantine.Entry(Quarantine.Kind.REJECTED, "s1", "10", "u2", 125, List.of("json: not JSON"), new byte[0]);
        store.quarantine().keep("s1", 3, List.of(big, late), NOW);
        store.quarantine().keep("s1", 4, List.of(small), NOW + 1);
        store.quarantine().keep("s1", 3, List.of(big, late), NOW + 2);
        read(lines, store, "rejected", () -> store.quarantine().read(Quarantine.Kind.REJECTED, "s1").stream()
                .map(e -> e.sequenceNumber() + ":" + digest(e.data())).toList());
        read(lines, store, "late, all shards", () -> store.quarantine().readAll(Quarantine.Kind.LATE).stream()
                .map(e -> e.sequenceNumber() + ":" + digest(e.data())).toList());

        lines.add("# order archive");
        store.orderArchive(NOW).keep("s1", 4, List.of(new OrderKey("u1", "o1"), new OrderKey("u1", "o2")));

        String actual = String.join("\n", lines) + "\n";
        Path written = Path.of("target", "step-row-items.actual.txt");
        Files.writeString(written, actual);
        try (InputStream in = StepRowItemsFixtureTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as("the recorded items, " + FIXTURE + " next to this test's class").isNotNull();
            String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(actual.lines().toList()).as("the items put, against %s (actual: %s)", FIXTURE, written)
                    .containsExactlyElementsOf(expected.lines().toList());
        }
    }

    /** Passes every call on and writes a line for every put: its table, condition, outcome, size, units and item. */
    private static final class Recording extends ForwardingItemStore {
        private final List<String> lines;

        Recording(ItemStore real, List<String> lines) {
            super(real);
            this.lines = lines;
        }

        @Override
        public void put(Table table, Map<String, AttributeValue> item) {
            super.put(table, item);
            lines.add(table + " put " + describe(item));
        }

        @Override
        public PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition) {
            PutOutcome outcome = super.putIf(table, item, condition);
            lines.add(table + " putIf " + condition + " written=" + outcome.written() + " " + describe(item));
            return outcome;
        }
    }

    private static String describe(Map<String, AttributeValue> item) {
        StringBuilder s = new StringBuilder("size=" + WriteUnits.itemSize(item) + " wu=" + WriteUnits.put(item));
        new TreeMap<>(item).forEach((name, v) -> s.append(' ').append(name).append('=').append(value(v)));
        return s.toString();
    }

    private static String value(AttributeValue v) {
        if (v.s() != null) {
            return "S:" + v.s();
        }
        if (v.n() != null) {
            return "N:" + v.n();
        }
        if (v.b() != null) {
            return "B:" + digest(v.b().asByteArray());
        }
        if (v.hasL()) {
            return "L:" + v.l().stream().map(StepRowItemsFixtureTest::value).toList();
        }
        throw new IllegalArgumentException("no rendering for " + v);
    }

    private static void read(List<String> lines, StateStore store, String what, java.util.function.Supplier<List<String>> reader) {
        double before = store.meter().snapshot().readUnits();
        List<String> got = reader.get();
        lines.add("read " + what + " ru=" + (store.meter().snapshot().readUnits() - before) + " " + got);
    }

    private static String digest(byte[] data) {
        try {
            return data.length + "/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<ClosedSession> sessions(int n) {
        List<ClosedSession> out = new ArrayList<>();
        Random rnd = new Random(7);
        for (int i = 0; i < n; i++) {
            Instant start = Instant.ofEpochMilli(1_795_428_000_000L + rnd.nextInt(100_000_000));
            out.add(new ClosedSession("user-" + Long.toString(rnd.nextLong(), 36), start, start.plusSeconds(rnd.nextInt(5000)), 1 + rnd.nextInt(40)));
        }
        return out;
    }

    private static List<CartAbandonment> alerts(int n) {
        List<CartAbandonment> out = new ArrayList<>();
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            List<String> products = new ArrayList<>();
            for (int p = rnd.nextInt(4); p >= 0; p--) {
                products.add("product-" + Long.toString(rnd.nextLong(), 36));
            }
            products.sort(null);
            out.add(alert("user-" + i + "-" + Long.toString(rnd.nextLong(), 36), rnd.nextInt(9_000_000), products));
        }
        return out;
    }

    private static CartAbandonment alert(String user, long openedAfterMillis, List<String> products) {
        Instant o = Instant.parse("2026-11-23T10:00:00Z").plusMillis(openedAfterMillis);
        return new CartAbandonment(CartAbandonment.alertIdFor(user, o), user, o, o.plusSeconds(300), o.plusSeconds(300 + 1800), products);
    }

    private static ShardHead head(String shard, long step) {
        return new ShardHead(shard, step, new ShardProgress(shard, 1_000, 5, false), 1_000, 990, new StepCounts(step, 1, 2, 3, 4), true,
                "49590000" + step, 1, 2, 3, NOW + step, 7, 990);
    }
}

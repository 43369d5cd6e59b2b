package io.tidemark.core.state.codec;

import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.state.UserState;
import io.tidemark.core.state.dedupe.EventIdMemory;
import io.tidemark.core.state.dedupe.SequenceMemory;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.ActivityState;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.AdState;
import io.tidemark.core.view.CartInput;
import io.tidemark.core.view.CartState;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.PendingClick;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.window.Session;
import io.tidemark.events.EventType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Snapshots of a {@link ShardState}: Smile + Deflate, bulk data in binary columns, times as small
 * deltas. Deterministic: equal states give equal bytes (users in id order, ids and sequence marks
 * in memory order), so a state can be checked by comparing encodings.
 * <p>
 * Version 3 added each user's orders in memory (docs/spec.md §2.1: an order is counted in its user's
 * state). The previous version, 2, still loads (during a deploy, warm containers of the build before write it): its
 * users hold no orders (the orders they counted were claimed outside the state). Older versions are refused.
 */
public final class ShardStateCodec {

    static final int VERSION = 3;
    /** The previous version: snapshots before orders were counted in the users' state. */
    static final int VERSION_WITHOUT_ORDERS = 2;
    private static final EventType[] TYPES = EventType.values();

    private ShardStateCodec() {
    }

    /** A stable description of the settings a state depends on; a snapshot only loads under the same. */
    public static String fingerprint(CoreSettings settings) {
        return "eventTime=" + settings.eventTime().stateFingerprint() + ";views=" + settings.views().stateFingerprint() + ";sequenceRetention=" + settings.sequenceRetention();
    }

    public static byte[] encode(ShardState state) {
        long base = state.maxEventTime() == Timestamps.NEGATIVE_INFINITY ? 0 : state.maxEventTime();
        return Envelope.write(Envelope.COMPACT, g -> {
            g.writeNumberField("v", VERSION);
            g.writeStringField("shard", state.shardId());
            g.writeStringField("settings", fingerprint(state.settings()));
            g.writeNumberField("steps", state.appliedSteps());
            g.writeNumberField("arrivals", state.arrivals());
            StepCounts t = state.totals();
            g.writeFieldName("totals");
            g.writeArray(new long[] {t.accepted(), t.duplicates(), t.rejected(), t.late(), t.skipped()}, 0, 5);
            g.writeNumberField("maxEventTime", state.maxEventTime());
            g.writeNumberField("watermark", state.watermark());
            g.writeNumberField("lastActivity", state.lastActivity());
            g.writeBooleanField("ended", state.ended());
            g.writeNumberField("base", base);
            g.writeBinaryField("sequences", encodeSequences(state.sequences()));
            g.writeBinaryField("eventIds", encodeEventIds(state.eventIds(), base));
            g.writeBinaryField("users", encodeUsers(state, base));
            g.writeBinaryField("pages", encodePages(state.pages(), base));
            if (!state.redriven().entries().isEmpty()) { // absent in the snapshots of shards never redriven, as before redrives existed
                g.writeObjectFieldStart("redriven");
                for (Map.Entry<String, Long> e : state.redriven().entries().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
        });
    }

    /** A deep copy, through the snapshot format: exactly equal (equal encodings) and sharing nothing with {@code state}. */
    public static ShardState copy(ShardState state) {
        return decode(encode(state), state.settings());
    }

    public static ShardState decode(byte[] bytes, CoreSettings settings) {
        Map<String, Object> root = Envelope.read(bytes, "shard snapshot");
        long version = Envelope.number(root, "v");
        if (version != VERSION && version != VERSION_WITHOUT_ORDERS) {
            throw new CorruptStateException("shard snapshot has version " + version + "; this build reads versions " + VERSION_WITHOUT_ORDERS
                    + " and " + VERSION + " (the current one and the one before it)");
        }
        boolean orders = version >= VERSION;
        String fingerprint = Envelope.text(root, "settings");
        String expected = fingerprint(settings);
        if (!fingerprint.equals(expected)) {
            throw new CorruptStateException("shard snapshot was written under other settings: " + fingerprint + "; this processor runs "
                    + expected + ". Changing event-time or view settings needs a fresh state (a new table prefix).");
        }
        ShardState state = ShardState.empty(Envelope.text(root, "shard"), settings);
        if (!(root.get("totals") instanceof List<?> totals) || totals.size() != 5) {
            throw new CorruptStateException("field 'totals' must be an array of 5 counts");
        }
        state.restoreHeader(Envelope.number(root, "steps"), Envelope.number(root, "arrivals"),
                new StepCounts(Envelope.count(totals.get(0)), Envelope.count(totals.get(1)), Envelope.count(totals.get(2)),
                        Envelope.count(totals.get(3)), Envelope.count(totals.get(4))),
                Envelope.number(root, "maxEventTime"), Envelope.number(root, "watermark"), Envelope.number(root, "lastActivity"),
                Envelope.flag(root, "ended", false));
        long base = Envelope.number(root, "base");
        decodeSequences(new ColumnReader(Envelope.binary(root, "sequences"), "sequences"), state.sequences());
        decodeEventIds(new ColumnReader(Envelope.binary(root, "eventIds"), "eventIds"), state.eventIds(), base);
        decodeUsers(new ColumnReader(Envelope.binary(root, "users"), "users"), state, base, orders);
        decodePages(new ColumnReader(Envelope.binary(root, "pages"), "pages"), state, base, settings);
        if (root.get("redriven") instanceof Map<?, ?> redriven) {
            for (Map.Entry<?, ?> batch : redriven.entrySet()) {
                state.redriven().remember((String) batch.getKey(), Envelope.count(batch.getValue()));
            }
        }
        return state;
    }

    // ------------------------------------------------------------------ sequences

    private static byte[] encodeSequences(SequenceMemory sequences) {
        List<Map.Entry<String, SequenceMemory.Mark>> entries = sequences.entriesSorted();
        // Marks in order of first use by the sorted keys: equal memories give equal bytes.
        IdentityHashMap<SequenceMemory.Mark, Integer> index = new IdentityHashMap<>();
        List<SequenceMemory.Mark> marks = new ArrayList<>();
        for (Map.Entry<String, SequenceMemory.Mark> e : entries) {
            if (!index.containsKey(e.getValue())) {
                index.put(e.getValue(), marks.size());
                marks.add(e.getValue());
            }
        }
        ColumnWriter w = new ColumnWriter();
        w.writeLong(sequences.nextSweep());
        w.writeVarLong(marks.size());
        for (SequenceMemory.Mark m : marks) {
            w.writeString(m.sequenceNumber());
            w.writeZigZag(m.processingTime());
        }
        w.writeVarLong(entries.size());
        for (Map.Entry<String, SequenceMemory.Mark> e : entries) {
            w.writeString(e.getKey());
            w.writeVarLong(index.get(e.getValue()));
        }
        return w.toByteArray();
    }

    private static void decodeSequences(ColumnReader r, SequenceMemory sequences) {
        sequences.restoreNextSweep(r.readLong());
        int n = r.readVarInt();
        SequenceMemory.Mark[] marks = new SequenceMemory.Mark[n];
        for (int i = 0; i < n; i++) {
            marks[i] = new SequenceMemory.Mark(r.readString(), r.readZigZag());
        }
        int keys = r.readVarInt();
        for (int i = 0; i < keys; i++) {
            String key = r.readString();
            int m = r.readVarInt();
            if (m >= n) {
                throw new CorruptStateException("column 'sequences' refers to mark " + m + " of " + n);
            }
            sequences.restore(key, marks[m]);
        }
        r.expectEnd();
    }

    // ------------------------------------------------------------------ event ids

    private static byte[] encodeEventIds(EventIdMemory ids, long base) {
        ColumnWriter w = new ColumnWriter(ids.size() * 18 + 8);
        int[] nonEmpty = {0};
        ids.forEachMinute((start, uuids, uuidCount, others) -> {
            if (uuidCount + others.size() > 0) {
                nonEmpty[0]++;
            }
        });
        w.writeVarLong(nonEmpty[0]);
        ids.forEachMinute((start, uuids, uuidCount, others) -> {
            if (uuidCount + others.size() == 0) {
                return;
            }
            w.writeZigZag(start - base);
            w.writeVarLong(uuidCount + others.size());
            for (int i = 0; i < uuidCount; i++) {
                w.writeByte(0);
                w.writeLong(uuids[i * 2]);
                w.writeLong(uuids[i * 2 + 1]);
            }
            for (String id : others) {
                w.writeByte(1);
                w.writeString(id);
            }
        });
        return w.toByteArray();
    }

    private static void decodeEventIds(ColumnReader r, EventIdMemory ids, long base) {
        int minutes = r.readVarInt();
        for (int m = 0; m < minutes; m++) {
            long start = base + r.readZigZag();
            int n = r.readVarInt();
            for (int i = 0; i < n; i++) {
                int kind = r.readByte();
                switch (kind) {
                    case 0 -> ids.rememberUuid(r.readLong(), r.readLong(), start);
                    case 1 -> ids.remember(r.readString(), start);
                    default -> throw new CorruptStateException("column 'eventIds' holds unknown id kind " + kind);
                }
            }
        }
        r.expectEnd();
    }

    // ------------------------------------------------------------------ users

    private static byte[] encodeUsers(ShardState state, long base) {
        ColumnWriter w = new ColumnWriter(state.userCount() * 32 + 8);
        List<UserState> users = state.usersSorted();
        w.writeVarLong(users.size());
        for (UserState u : users) {
            w.writeString(u.userId());
            writeTime(w, u.wakeAt(), base);
            List<Session> sessions = u.sessions();
            w.writeVarLong(sessions.size());
            for (Session s : sessions) {
                w.writeZigZag(s.start() - base);
                w.writeVarLong(s.lastEvent() - s.start());
                w.writeVarLong(s.events());
            }
            long[] buckets = u.activity() == null ? new long[0] : u.activity().buckets();
            w.writeVarLong(buckets.length);
            long previous = buckets.length == 0 ? 0 : buckets[0];
            if (buckets.length > 0) {
                w.writeZigZag(buckets[0] - Math.floorDiv(base, 60_000));
            }
            for (int i = 1; i < buckets.length; i++) {
                w.writeVarLong(buckets[i] - previous);
                previous = buckets[i];
            }
            CartState cart = u.cart();
            int flags = cart == null ? 0 : (cart.hasOpenCart() ? 1 : 0) | (cart.pending().isEmpty() ? 0 : 2);
            w.writeByte(flags);
            if ((flags & 1) != 0) {
                w.writeZigZag(cart.openedAt() - base);
                w.writeVarLong(cart.lastActivity() - cart.openedAt());
                Map<String, Integer> q = cart.quantities();
                w.writeVarLong(q.size());
                for (Map.Entry<String, Integer> e : q.entrySet()) {
                    w.writeString(e.getKey());
                    w.writeZigZag(e.getValue());
                }
            }
            if ((flags & 2) != 0) {
                List<CartInput> pending = cart.pending();
                w.writeVarLong(pending.size());
                for (CartInput in : pending) {
                    w.writeZigZag(in.time() - base);
                    w.writeVarLong(in.arrival());
                    w.writeByte(in.type().ordinal());
                    if (in.type().isCartEvent()) {
                        w.writeString(in.productId());
                        w.writeVarLong(in.quantity());
                    }
                }
            }
            writeAds(w, u.ads(), base);
            List<String> orders = u.orders();
            w.writeByte(u.holdsAllOrders() ? 1 : 0);
            w.writeVarLong(orders.size());
            if (!orders.isEmpty()) {
                w.writeZigZag(u.lastOrderAt() - base);
                for (String orderId : orders) {
                    w.writeString(orderId);
                }
            }
        }
        return w.toByteArray();
    }

    /** Impression times per ad (first as a delta from {@code base}, then gaps) and pending clicks. */
    private static void writeAds(ColumnWriter w, AdState ads, long base) {
        Map<String, long[]> impressions = ads == null ? Map.of() : ads.impressions();
        List<PendingClick> pending = ads == null ? List.of() : ads.pending();
        w.writeVarLong(impressions.size());
        for (Map.Entry<String, long[]> e : impressions.entrySet()) {
            w.writeString(e.getKey());
            long[] times = e.getValue();
            w.writeVarLong(times.length);
            w.writeZigZag(times[0] - base);
            for (int i = 1; i < times.length; i++) {
                w.writeVarLong(times[i] - times[i - 1]);
            }
        }
        w.writeVarLong(pending.size());
        for (PendingClick c : pending) {
            w.writeZigZag(c.time() - base);
            w.writeString(c.adId());
        }
    }

    private static AdState readAds(ColumnReader r, long base) {
        int adCount = r.readVarInt();
        Map<String, long[]> impressions = new TreeMap<>();
        for (int a = 0; a < adCount; a++) {
            String ad = r.readString();
            long[] times = new long[r.readVarInt()];
            if (times.length == 0) {
                throw new CorruptStateException("column 'users' holds an ad without impressions");
            }
            times[0] = base + r.readZigZag();
            for (int i = 1; i < times.length; i++) {
                times[i] = times[i - 1] + r.readVarLong();
            }
            impressions.put(ad, times);
        }
        int pendingCount = r.readVarInt();
        List<PendingClick> pending = new ArrayList<>(pendingCount);
        for (int p = 0; p < pendingCount; p++) {
            long time = base + r.readZigZag();
            pending.add(new PendingClick(time, r.readString()));
        }
        return adCount == 0 && pendingCount == 0 ? null : AdState.of(impressions, pending);
    }

    private static void decodeUsers(ColumnReader r, ShardState state, long base, boolean withOrders) {
        int n = r.readVarInt();
        for (int i = 0; i < n; i++) {
            String id = r.readString();
            long wakeAt = readTime(r, base);
            int sessionCount = r.readVarInt();
            List<Session> sessions = new ArrayList<>(sessionCount);
            for (int s = 0; s < sessionCount; s++) {
                long start = base + r.readZigZag();
                long last = start + r.readVarLong();
                sessions.add(new Session(start, last, r.readVarLong()));
            }
            int bucketCount = r.readVarInt();
            ActivityState activity = null;
            if (bucketCount > 0) {
                long[] buckets = new long[bucketCount];
                buckets[0] = Math.floorDiv(base, 60_000) + r.readZigZag();
                for (int b = 1; b < bucketCount; b++) {
                    buckets[b] = buckets[b - 1] + r.readVarLong();
                }
                activity = ActivityState.of(buckets);
            }
            int flags = r.readByte();
            CartState cart = null;
            if (flags != 0) {
                long opened = CartState.noCart();
                long lastActivity = 0;
                Map<String, Integer> quantities = new TreeMap<>();
                if ((flags & 1) != 0) {
                    opened = base + r.readZigZag();
                    lastActivity = opened + r.readVarLong();
                    int products = r.readVarInt();
                    for (int p = 0; p < products; p++) {
                        quantities.put(r.readString(), (int) r.readZigZag());
                    }
                }
                List<CartInput> pending = new ArrayList<>();
                if ((flags & 2) != 0) {
                    int count = r.readVarInt();
                    for (int p = 0; p < count; p++) {
                        long time = base + r.readZigZag();
                        long arrival = r.readVarLong();
                        int type = r.readByte();
                        if (type >= TYPES.length) {
                            throw new CorruptStateException("column 'users' holds unknown event type " + type);
                        }
                        EventType eventType = TYPES[type];
                        String product = null;
                        int quantity = 0;
                        if (eventType.isCartEvent()) {
                            product = r.readString();
                            quantity = r.readVarInt();
                        }
                        pending.add(new CartInput(time, arrival, eventType, product, quantity));
                    }
                }
                cart = CartState.of(opened, lastActivity, quantities, pending);
            }
            AdState ads = readAds(r, base);
            boolean ordersComplete = withOrders && r.readByte() == 1;
            int orderCount = withOrders ? r.readVarInt() : 0;
            long lastOrderAt = orderCount > 0 ? base + r.readZigZag() : 0;
            List<String> orders = new ArrayList<>(orderCount);
            for (int o = 0; o < orderCount; o++) {
                orders.add(r.readString());
            }
            state.restoreUser(UserState.restore(id, sessions, activity, cart, ads, orders, lastOrderAt, ordersComplete, wakeAt));
        }
        r.expectEnd();
    }

    // ------------------------------------------------------------------ pages

    private static byte[] encodePages(List<HourPage> pages, long base) {
        ColumnWriter w = new ColumnWriter();
        w.writeVarLong(pages.size());
        for (HourPage p : pages) {
            w.writeZigZag(p.pageStartMillis() - base);
            w.writeDecimal(p.revenue());
            w.writeVarLong(p.orders());
            int[] users = p.activeUsersArray();
            w.writeVarLong(users.length);
            for (int u : users) {
                w.writeVarLong(u);
            }
            w.writeVarLong(p.revenueByTier().size());
            p.revenueByTier().forEach((tier, t) -> {
                w.writeString(tier);
                w.writeDecimal(t.revenue());
                w.writeVarLong(t.orders());
            });
            w.writeVarLong(p.ads().size());
            p.ads().forEach((ad, c) -> {
                w.writeString(ad);
                w.writeVarLong(c.impressions());
                w.writeVarLong(c.clicks());
                w.writeVarLong(c.attributedClicks());
            });
        }
        return w.toByteArray();
    }

    private static void decodePages(ColumnReader r, ShardState state, long base, CoreSettings settings) {
        int n = r.readVarInt();
        PageLayout layout = PageLayout.of(settings.views());
        for (int i = 0; i < n; i++) {
            long start = base + r.readZigZag();
            BigDecimal revenue = r.readDecimal();
            long orders = r.readVarLong();
            int[] users = new int[r.readVarInt()];
            for (int u = 0; u < users.length; u++) {
                users[u] = r.readVarInt();
            }
            Map<String, TierRevenue> tiers = new TreeMap<>();
            Map<String, AdCounts> ads = new TreeMap<>();
            int tierCount = r.readVarInt();
            for (int t = 0; t < tierCount; t++) {
                tiers.put(r.readString(), new TierRevenue(r.readDecimal(), r.readVarLong()));
            }
            int adCount = r.readVarInt();
            for (int a = 0; a < adCount; a++) {
                ads.put(r.readString(), new AdCounts(r.readVarLong(), r.readVarLong(), r.readVarLong()));
            }
            try {
                state.restorePage(new HourPage(layout, start, revenue, orders, users, tiers, ads));
            } catch (IllegalArgumentException e) {
                throw new CorruptStateException("column 'pages' holds an inconsistent page: " + e.getMessage(), e);
            }
        }
        r.expectEnd();
    }

    // ------------------------------------------------------------------ helpers

    /** A time that may be ±∞: a tag byte, then the delta from {@code base} for finite times. */
    private static void writeTime(ColumnWriter w, long t, long base) {
        if (t == Timestamps.POSITIVE_INFINITY) {
            w.writeByte(1);
        } else if (t == Timestamps.NEGATIVE_INFINITY) {
            w.writeByte(2);
        } else {
            w.writeByte(0);
            w.writeZigZag(t - base);
        }
    }

    private static long readTime(ColumnReader r, long base) {
        int tag = r.readByte();
        return switch (tag) {
            case 0 -> base + r.readZigZag();
            case 1 -> Timestamps.POSITIVE_INFINITY;
            case 2 -> Timestamps.NEGATIVE_INFINITY;
            default -> throw new CorruptStateException("unknown time tag " + tag);
        };
    }
}

package io.tidemark.core.state.codec;

import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.Redrive;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.dedupe.EventIds;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Log entries ({@link StepLog}) in a compact columnar form: Smile + Deflate, one binary column per
 * field of the accepted events (types, time deltas, 16-byte UUID ids, dictionary-coded user, product
 * and ad ids, quantities, amounts and customer tiers of counted orders), so that a batch of real
 * traffic costs about 20–25 bytes per event. Accepted events keep only what replay needs (not
 * {@code page}, {@code currency}, or the order id and amount of a purchase whose order did not count);
 * late and rejected records are kept whole, for their effects.
 * <p>
 * Version 5 is a redrive step ({@link StepLog#redrive()}), written only for one: a build before it refuses the
 * entry rather than apply it as an ordinary step, which would move sequence marks.
 * Version 4 added the order ids of counted orders (a user's state holds them, docs/spec.md §2.1) and the
 * users the order archive knew nothing of. The previous version, 3, still decodes (during a deploy, warm containers of
 * the build before write it to the same shard's log), with neither: its orders stay out of the users' state. Older
 * versions are refused.
 */
public final class StepLogCodec {

    /** 5: a redrive step (written only for one: other entries stay at 4). */
    static final int VERSION_REDRIVE = 5;
    /** 4: the order ids of counted orders. */
    static final int VERSION = 4;
    /** 3, the previous version: no order ids. */
    static final int VERSION_WITHOUT_ORDERS = 3;
    private static final EventType[] TYPES = EventType.values();
    private static final int FLAG_UUID = 0x10;
    private static final int FLAG_OTHER_KEY = 0x20;
    private static final int FLAG_COUNTED = 0x40;

    private StepLogCodec() {
    }

    /** The columns of one entry; kept per thread and reset, so that a step allocates none (their arrays keep their size). */
    private static final class Columns {
        final ColumnWriter types = new ColumnWriter(1024);
        final ColumnWriter times = new ColumnWriter(2048);
        final ColumnWriter uuids = new ColumnWriter(8192);
        final ColumnWriter otherIds = new ColumnWriter();
        final ColumnWriter userDict = new ColumnWriter(4096);
        final ColumnWriter userRefs = new ColumnWriter(1024);
        final ColumnWriter keys = new ColumnWriter();
        final ColumnWriter productDict = new ColumnWriter();
        final ColumnWriter productRefs = new ColumnWriter();
        final ColumnWriter quantities = new ColumnWriter();
        final ColumnWriter amounts = new ColumnWriter();
        final ColumnWriter adDict = new ColumnWriter();
        final ColumnWriter adRefs = new ColumnWriter();
        final ColumnWriter tierDict = new ColumnWriter();
        final ColumnWriter tierRefs = new ColumnWriter();
        final ColumnWriter orderIds = new ColumnWriter();
        final ColumnWriter noArchive = new ColumnWriter();
        final ColumnWriter late = new ColumnWriter();
        final ColumnWriter rejected = new ColumnWriter();
        final ColumnWriter duplicates = new ColumnWriter();
        final ColumnWriter peers = new ColumnWriter();
        private final ColumnWriter[] all = {types, times, uuids, otherIds, userDict, userRefs, keys, productDict, productRefs, quantities,
                amounts, adDict, adRefs, tierDict, tierRefs, orderIds, noArchive, late, rejected, duplicates, peers};

        void reset() {
            for (ColumnWriter w : all) {
                w.reset();
            }
        }
    }

    private static final ThreadLocal<Columns> COLUMNS = ThreadLocal.withInitial(Columns::new);

    public static byte[] encode(StepLog log) {
        List<AcceptedEvent> accepted = log.accepted();
        int n = accepted.size();
        Columns c = COLUMNS.get();
        c.reset();
        ColumnWriter types = c.types;
        ColumnWriter times = c.times;
        ColumnWriter uuids = c.uuids;
        ColumnWriter otherIds = c.otherIds;
        ColumnWriter userDict = c.userDict;
        ColumnWriter userRefs = c.userRefs;
        ColumnWriter keys = c.keys;
        ColumnWriter productDict = c.productDict;
        ColumnWriter productRefs = c.productRefs;
        ColumnWriter quantities = c.quantities;
        ColumnWriter amounts = c.amounts;
        ColumnWriter adDict = c.adDict;
        ColumnWriter adRefs = c.adRefs;
        ColumnWriter tierDict = c.tierDict;
        ColumnWriter tierRefs = c.tierRefs;
        ColumnWriter orderIds = c.orderIds;
        HashMap<String, Integer> users = new HashMap<>();
        HashMap<String, Integer> products = new HashMap<>();
        HashMap<String, Integer> ads = new HashMap<>();
        HashMap<String, Integer> tiers = new HashMap<>();
        long previousTime = 0;
        for (AcceptedEvent a : accepted) {
            Event e = a.event();
            UUID uuid = EventIds.parseCanonicalUuid(e.eventId());
            boolean otherKey = !a.partitionKey().equals(e.userId());
            int flags = e.type().ordinal() | (uuid != null ? FLAG_UUID : 0) | (otherKey ? FLAG_OTHER_KEY : 0)
                    | (a.orderCounted() ? FLAG_COUNTED : 0);
            types.writeByte(flags);
            long t = e.eventTimeMillis();
            times.writeZigZag(t - previousTime);
            previousTime = t;
            if (uuid != null) {
                uuids.writeUuid(uuid);
            } else {
                otherIds.writeString(e.eventId());
            }
            userRefs.writeVarLong(reference(users, e.userId(), userDict));
            if (otherKey) {
                keys.writeString(a.partitionKey());
            }
            if (e.type().isCartEvent()) {
                productRefs.writeVarLong(reference(products, e.productId(), productDict));
                quantities.writeVarLong(e.quantity());
            }
            if (e.type().isAdEvent()) {
                adRefs.writeVarLong(reference(ads, e.adId(), adDict));
            }
            if (a.orderCounted()) {
                amounts.writeDecimal(e.amount());
                tierRefs.writeVarLong(reference(tiers, a.customerTier(), tierDict));
                orderIds.writeString(e.orderId());
            }
        }
        ColumnWriter late = c.late;
        late.writeVarLong(log.late().size());
        for (LateRecord l : log.late()) {
            writeRecord(late, l.record());
            late.writeLong(l.horizon());
            writeFullEvent(late, l.record().event());
            late.writeByte(l.record().data() == null ? 0 : 1);
            if (l.record().data() != null) {
                late.writeBytes(l.record().data());
            }
        }
        ColumnWriter rejected = c.rejected;
        rejected.writeVarLong(log.rejected().size());
        for (StreamRecord r : log.rejected()) {
            writeRecord(rejected, r);
            rejected.writeVarLong(r.rejectionReasons().size());
            for (String reason : r.rejectionReasons()) {
                rejected.writeString(reason);
            }
            rejected.writeByte(r.data() == null ? 0 : 1);
            if (r.data() != null) {
                rejected.writeBytes(r.data());
            }
        }
        ColumnWriter noArchive = c.noArchive;
        noArchive.writeVarLong(log.usersWithoutArchive().size());
        for (String user : log.usersWithoutArchive()) {
            noArchive.writeString(user);
        }
        ColumnWriter duplicates = c.duplicates;
        duplicates.writeVarLong(log.duplicateKeys().size());
        for (String key : log.duplicateKeys()) {
            duplicates.writeString(key);
        }
        ColumnWriter peers = c.peers;
        WatermarkInputs in = log.watermarkInputs();
        peers.writeVarLong(in.peers().size());
        for (ShardProgress p : in.peers()) {
            peers.writeString(p.shardId());
            peers.writeLong(p.watermark());
            peers.writeLong(p.lastActivity());
            peers.writeByte(p.ended() ? 1 : 0);
        }
        return Envelope.write(g -> {
            g.writeNumberField("v", log.redrive() == null ? VERSION : VERSION_REDRIVE);
            if (log.redrive() != null) {
                g.writeStringField("redrive", log.redrive().batch());
                g.writeObjectFieldStart("redriveMarks");
                for (var mark : log.redrive().marks().entrySet()) {
                    g.writeStringField(mark.getKey(), mark.getValue());
                }
                g.writeEndObject();
            }
            g.writeNumberField("step", log.step());
            g.writeNumberField("processingTime", in.processingTime());
            g.writeBooleanField("endOfInput", in.endOfInput());
            g.writeBooleanField("shardEnded", in.shardEnded());
            Envelope.writeColumn(g, "peers", peers);
            g.writeNumberField("records", log.records());
            if (log.maxSequenceNumber() != null) {
                g.writeStringField("maxSequenceNumber", log.maxSequenceNumber());
            }
            g.writeNumberField("skipped", log.skipped());
            g.writeNumberField("accepted", n);
            Envelope.writeColumn(g, "types", types);
            Envelope.writeColumn(g, "times", times);
            Envelope.writeColumn(g, "uuids", uuids);
            Envelope.writeColumn(g, "otherIds", otherIds);
            Envelope.writeColumn(g, "userDict", userDict);
            Envelope.writeColumn(g, "userRefs", userRefs);
            Envelope.writeColumn(g, "keys", keys);
            Envelope.writeColumn(g, "productDict", productDict);
            Envelope.writeColumn(g, "productRefs", productRefs);
            Envelope.writeColumn(g, "quantities", quantities);
            Envelope.writeColumn(g, "amounts", amounts);
            Envelope.writeColumn(g, "adDict", adDict);
            Envelope.writeColumn(g, "adRefs", adRefs);
            Envelope.writeColumn(g, "tierDict", tierDict);
            Envelope.writeColumn(g, "tierRefs", tierRefs);
            Envelope.writeColumn(g, "orderIds", orderIds);
            Envelope.writeColumn(g, "noArchive", noArchive);
            Envelope.writeColumn(g, "late", late);
            Envelope.writeColumn(g, "rejected", rejected);
            Envelope.writeColumn(g, "duplicates", duplicates);
        });
    }

    public static StepLog decode(byte[] bytes) {
        Map<String, Object> root = Envelope.read(bytes, "log entry");
        long version = Envelope.number(root, "v");
        if (version < VERSION_WITHOUT_ORDERS || version > VERSION_REDRIVE) {
            throw new CorruptStateException("log entry has version " + version + "; this build reads versions " + VERSION_WITHOUT_ORDERS
                    + " to " + VERSION_REDRIVE + " (the current ones and the one before them)");
        }
        boolean orders = version >= VERSION;
        ColumnReader peersColumn = new ColumnReader(Envelope.binary(root, "peers"), "peers");
        int peerCount = peersColumn.readVarInt();
        List<ShardProgress> peers = new ArrayList<>(peerCount);
        for (int i = 0; i < peerCount; i++) {
            peers.add(new ShardProgress(peersColumn.readString(), peersColumn.readLong(), peersColumn.readLong(), peersColumn.readByte() == 1));
        }
        peersColumn.expectEnd();
        WatermarkInputs inputs = new WatermarkInputs(Envelope.number(root, "processingTime"), peers,
                Envelope.flag(root, "endOfInput", false), Envelope.flag(root, "shardEnded", false));

        int n = (int) Envelope.number(root, "accepted");
        ColumnReader types = new ColumnReader(Envelope.binary(root, "types"), "types");
        ColumnReader times = new ColumnReader(Envelope.binary(root, "times"), "times");
        ColumnReader uuids = new ColumnReader(Envelope.binary(root, "uuids"), "uuids");
        ColumnReader otherIds = new ColumnReader(Envelope.binary(root, "otherIds"), "otherIds");
        ColumnReader userDict = new ColumnReader(Envelope.binary(root, "userDict"), "userDict");
        ColumnReader userRefs = new ColumnReader(Envelope.binary(root, "userRefs"), "userRefs");
        ColumnReader keys = new ColumnReader(Envelope.binary(root, "keys"), "keys");
        ColumnReader productDict = new ColumnReader(Envelope.binary(root, "productDict"), "productDict");
        ColumnReader productRefs = new ColumnReader(Envelope.binary(root, "productRefs"), "productRefs");
        ColumnReader quantities = new ColumnReader(Envelope.binary(root, "quantities"), "quantities");
        ColumnReader amounts = new ColumnReader(Envelope.binary(root, "amounts"), "amounts");
        ColumnReader adDict = new ColumnReader(Envelope.binary(root, "adDict"), "adDict");
        ColumnReader adRefs = new ColumnReader(Envelope.binary(root, "adRefs"), "adRefs");
        ColumnReader tierDict = new ColumnReader(Envelope.binary(root, "tierDict"), "tierDict");
        ColumnReader tierRefs = new ColumnReader(Envelope.binary(root, "tierRefs"), "tierRefs");
        ColumnReader orderIds = new ColumnReader(orders ? Envelope.binary(root, "orderIds") : null, "orderIds");
        List<String> users = new ArrayList<>();
        List<String> products = new ArrayList<>();
        List<String> ads = new ArrayList<>();
        List<String> tiers = new ArrayList<>();
        List<AcceptedEvent> accepted = new ArrayList<>(n);
        long time = 0;
        for (int i = 0; i < n; i++) {
            int flags = types.readByte();
            int ordinal = flags & 0x0F;
            if (ordinal >= TYPES.length) {
                throw new CorruptStateException("column 'types' holds unknown event type " + ordinal);
            }
            EventType type = TYPES[ordinal];
            time += times.readZigZag();
            String eventId = (flags & FLAG_UUID) != 0 ? uuids.readUuid().toString() : otherIds.readString();
            String userId = dereference(users, userRefs.readVarInt(), userDict, "userRefs");
            String key = (flags & FLAG_OTHER_KEY) != 0 ? keys.readString() : userId;
            String productId = null;
            int quantity = 0;
            if (type.isCartEvent()) {
                productId = dereference(products, productRefs.readVarInt(), productDict, "productRefs");
                quantity = quantities.readVarInt();
            }
            String adId = type.isAdEvent() ? dereference(ads, adRefs.readVarInt(), adDict, "adRefs") : null;
            boolean counted = (flags & FLAG_COUNTED) != 0;
            if (counted && type != EventType.PURCHASE) {
                throw new CorruptStateException("column 'types' marks a " + type.wireName() + " as a counted order");
            }
            BigDecimal amount = counted ? amounts.readDecimal() : null;
            String tier = counted ? dereference(tiers, tierRefs.readVarInt(), tierDict, "tierRefs") : null;
            String orderId = counted && orders ? orderIds.readString() : null;
            Event event = new Event(eventId, type, userId, Instant.ofEpochMilli(time), null, productId, quantity, orderId, amount, null, adId);
            if (counted) {
                accepted.add(AcceptedEvent.countedOrder(event, key, tier));
            } else {
                accepted.add(AcceptedEvent.uncounted(event, key));
            }
        }
        for (ColumnReader column : List.of(types, times, uuids, otherIds, userDict, userRefs, keys, productDict, productRefs, quantities, amounts,
                adDict, adRefs, tierDict, tierRefs, orderIds)) {
            column.expectEnd();
        }

        ColumnReader lateColumn = new ColumnReader(Envelope.binary(root, "late"), "late");
        int lateCount = lateColumn.readVarInt();
        List<LateRecord> late = new ArrayList<>(lateCount);
        for (int i = 0; i < lateCount; i++) {
            String[] header = readRecordHeader(lateColumn);
            long arrival = lateColumn.readLong();
            long horizon = lateColumn.readLong();
            Event event = readFullEvent(lateColumn);
            byte[] data = lateColumn.readByte() == 1 ? lateColumn.readBytes() : null;
            late.add(new LateRecord(StreamRecord.valid(header[0], header[1], arrival, event, data), horizon));
        }
        lateColumn.expectEnd();

        ColumnReader rejectedColumn = new ColumnReader(Envelope.binary(root, "rejected"), "rejected");
        int rejectedCount = rejectedColumn.readVarInt();
        List<StreamRecord> rejected = new ArrayList<>(rejectedCount);
        for (int i = 0; i < rejectedCount; i++) {
            String[] header = readRecordHeader(rejectedColumn);
            long arrival = rejectedColumn.readLong();
            int reasonCount = rejectedColumn.readVarInt();
            List<String> reasons = new ArrayList<>(reasonCount);
            for (int k = 0; k < reasonCount; k++) {
                reasons.add(rejectedColumn.readString());
            }
            byte[] data = rejectedColumn.readByte() == 1 ? rejectedColumn.readBytes() : null;
            rejected.add(StreamRecord.rejected(header[0], header[1], arrival, reasons, data));
        }
        rejectedColumn.expectEnd();

        ColumnReader duplicateColumn = new ColumnReader(Envelope.binary(root, "duplicates"), "duplicates");
        int duplicateCount = duplicateColumn.readVarInt();
        List<String> duplicateKeys = new ArrayList<>(duplicateCount);
        for (int i = 0; i < duplicateCount; i++) {
            duplicateKeys.add(duplicateColumn.readString());
        }
        duplicateColumn.expectEnd();
        List<String> withoutArchive = new ArrayList<>();
        if (orders) {
            ColumnReader noArchive = new ColumnReader(Envelope.binary(root, "noArchive"), "noArchive");
            int count = noArchive.readVarInt();
            for (int i = 0; i < count; i++) {
                withoutArchive.add(noArchive.readString());
            }
            noArchive.expectEnd();
        }

        Object maxSequenceNumber = root.get("maxSequenceNumber");
        try {
            return new StepLog(Envelope.number(root, "step"), inputs, (int) Envelope.number(root, "records"),
                    maxSequenceNumber instanceof String s ? s : null, accepted, late, rejected, duplicateKeys, Envelope.number(root, "skipped"),
                    withoutArchive, version == VERSION_REDRIVE ? redrive(root) : null);
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException("log entry is inconsistent: " + e.getMessage(), e);
        }
    }

    private static Redrive redrive(Map<String, Object> root) {
        Map<String, String> marks = new HashMap<>();
        if (root.get("redriveMarks") instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> mark : object.entrySet()) {
                marks.put((String) mark.getKey(), mark.getValue() instanceof String s ? s : null);
            }
        }
        return new Redrive(Envelope.text(root, "redrive"), marks);
    }

    private static int reference(HashMap<String, Integer> dict, String value, ColumnWriter dictColumn) {
        Integer ref = dict.get(value);
        if (ref == null) {
            ref = dict.size();
            dict.put(value, ref);
            dictColumn.writeString(value);
        }
        return ref;
    }

    private static String dereference(List<String> dict, int ref, ColumnReader dictColumn, String column) {
        if (ref == dict.size()) {
            dict.add(dictColumn.readString());
        } else if (ref > dict.size()) {
            throw new CorruptStateException("column '" + column + "' refers to entry " + ref + " of " + dict.size());
        }
        return dict.get(ref);
    }

    private static void writeRecord(ColumnWriter w, StreamRecord r) {
        w.writeString(r.sequenceNumber());
        w.writeString(r.partitionKey());
        w.writeLong(r.approximateArrival());
    }

    private static String[] readRecordHeader(ColumnReader r) {
        return new String[] {r.readString(), r.readString()};
    }

    private static void writeFullEvent(ColumnWriter w, Event e) {
        w.writeString(e.eventId());
        w.writeByte(e.type().ordinal());
        w.writeString(e.userId());
        w.writeLong(e.timestamp().getEpochSecond());
        w.writeVarLong(e.timestamp().getNano());
        writeOptional(w, e.page());
        writeOptional(w, e.productId());
        w.writeZigZag(e.quantity());
        writeOptional(w, e.orderId());
        w.writeByte(e.amount() == null ? 0 : 1);
        if (e.amount() != null) {
            w.writeDecimal(e.amount());
        }
        writeOptional(w, e.currency());
        writeOptional(w, e.adId());
    }

    private static Event readFullEvent(ColumnReader r) {
        String eventId = r.readString();
        int ordinal = r.readByte();
        if (ordinal >= TYPES.length) {
            throw new CorruptStateException("column 'late' holds unknown event type " + ordinal);
        }
        String userId = r.readString();
        Instant timestamp = Instant.ofEpochSecond(r.readLong(), r.readVarLong());
        String page = readOptional(r);
        String productId = readOptional(r);
        int quantity = (int) r.readZigZag();
        String orderId = readOptional(r);
        BigDecimal amount = r.readByte() == 1 ? r.readDecimal() : null;
        String currency = readOptional(r);
        String adId = readOptional(r);
        return new Event(eventId, TYPES[ordinal], userId, timestamp, page, productId, quantity, orderId, amount, currency, adId);
    }

    private static void writeOptional(ColumnWriter w, String s) {
        w.writeByte(s == null ? 0 : 1);
        if (s != null) {
            w.writeString(s);
        }
    }

    private static String readOptional(ColumnReader r) {
        return r.readByte() == 1 ? r.readString() : null;
    }
}

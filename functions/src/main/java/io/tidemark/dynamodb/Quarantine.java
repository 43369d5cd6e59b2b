package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.state.codec.RawDeflate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quarantine table: the rejected and late records of one committed step as one <em>quarantine
 * row</em>, {@code pk = quarantine#<shard>}, {@code sk = step#<step, 20 digits>#<part, 4 digits>},
 * each record with its kind, stream position, partition key, arrival, reasons and original bytes.
 * The row is put once with {@code attribute_not_exists(pk)}: the records of a committed step are
 * fixed by its log entry (they are in it, bytes included), so a reload that writes the last entry's
 * effects again writes the same row and changes nothing. About one write unit per step that has any
 * bad record, instead of one per record.
 * <p>
 * {@code data} is the row's records in a binary form (version, count, then per record kind,
 * sequence number, partition key, arrival, reasons and bytes), cut into parts of at most 350 KB
 * <em>before</em> compression and each part deflated on its own — so the cut is the same in every
 * JVM and zlib version and the parts of one row written by different attempts always fit together.
 * A row of more than one part reads only once all its parts are there.
 * <p>
 * Items of the earlier layout (one per record: {@code pk = rejected#<shard>} / {@code late#<shard>},
 * {@code sk = <sequence number>}, originals larger than one item in {@code <sequence>#part#<i>}) are
 * still read.
 */
public final class Quarantine {

    public enum Kind {
        REJECTED("rejected#"), LATE("late#");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** One quarantined record. */
    public record Entry(Kind kind, String shardId, String sequenceNumber, String partitionKey, long arrival, List<String> reasons,
                        byte[] data) {
    }

    static final String ROW = "quarantine#";
    private static final int VERSION = 1;
    private static final String ROW_NAME = "a quarantine row";
    /** Sequence numbers in stream order: Kinesis's are decimal strings, a longer one is larger. */
    private static final Comparator<Entry> STREAM_ORDER = Comparator.comparing((Entry e) -> e.sequenceNumber().length())
            .thenComparing(Entry::sequenceNumber);

    private final ItemStore items;

    Quarantine(ItemStore items) {
        this.items = items;
    }

    /** The partition key of a shard's quarantine rows. */
    public static String rowPk(String shardId) {
        return ROW + shardId;
    }

    /**
     * Keeps a committed step's rejected and late records (all of the shard {@code shardId}) in its
     * row; returns how many this call stored (0: the row was there, or there is nothing to keep).
     */
    public int keep(String shardId, long step, List<Entry> entries, long nowMillis) {
        if (entries.isEmpty()) {
            return 0;
        }
        int rejected = 0;
        for (Entry e : entries) {
            if (!e.shardId().equals(shardId)) {
                throw new IllegalArgumentException("quarantine entry of shard " + e.shardId() + " in a row of shard " + shardId);
            }
            rejected += e.kind() == Kind.REJECTED ? 1 : 0;
        }
        List<byte[]> data = new ArrayList<>();
        for (byte[] part : StepRowParts.split(encode(entries))) {
            data.add(RawDeflate.deflate(part));
        }
        boolean stored = false;
        for (Map<String, AttributeValue> item : StepRowParts.items(StepRowKey.of(rowPk(shardId), step), StepRowParts.STEP, data)) {
            item.put("shard", AttributeValues.s(shardId));
            item.put("records", AttributeValues.n(entries.size()));
            item.put("rejected", AttributeValues.n(rejected));
            item.put("late", AttributeValues.n(entries.size() - rejected));
            item.put("recorded_at", AttributeValues.n(nowMillis));
            stored |= items.putIf(Table.QUARANTINE, item, PutCondition.absent()).written();
        }
        return stored ? entries.size() : 0;
    }

    /** Every entry of one kind on one shard, in stream order, originals re-assembled. */
    public List<Entry> read(Kind kind, String shardId) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (String pk : List.of(rowPk(shardId), kind.prefix + shardId)) {
            found.addAll(items.queryAll(Table.QUARANTINE, KeyQuery.partition(pk)));
        }
        return decode(kind, found);
    }

    /** Every entry of one kind on every shard (by shard, then in stream order). */
    public List<Entry> readAll(Kind kind) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        items.scan(Table.QUARANTINE, item -> {
            String pk = AttributeValues.str(item, AttributeValues.PK);
            if (pk.startsWith(ROW) || pk.startsWith(kind.prefix)) {
                found.add(item);
            }
        });
        return decode(kind, found);
    }

    private static List<Entry> decode(Kind kind, List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> rowItems = new ArrayList<>();
        List<Map<String, AttributeValue>> legacy = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (AttributeValues.str(item, AttributeValues.PK).startsWith(ROW)) {
                rowItems.add(item);
            } else {
                legacy.add(item);
            }
        }
        List<Entry> out = new ArrayList<>(decodeLegacy(kind, legacy)); // older than any row
        for (List<Map<String, AttributeValue>> row : StepRowParts.rows(rowItems, ROW_NAME)) {
            List<byte[]> raw = new ArrayList<>(row.size());
            for (Map<String, AttributeValue> part : row) {
                raw.add(RawDeflate.inflate(AttributeValues.bytes(part, StepRowParts.DATA), "quarantine row"));
            }
            for (Entry e : decodeRow(StepRowParts.join(raw))) {
                if (e.kind() == kind) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparing(Entry::shardId).thenComparing(STREAM_ORDER));
        return out;
    }

    static byte[] encode(List<Entry> entries) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeByte(VERSION);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeByte(e.kind().ordinal());
                RowFields.writeString(out, e.shardId());
                RowFields.writeString(out, e.sequenceNumber());
                RowFields.writeString(out, e.partitionKey());
                out.writeLong(e.arrival());
                out.writeInt(e.reasons().size());
                for (String r : e.reasons()) {
                    RowFields.writeString(out, r);
                }
                RowFields.writeBytes(out, e.data() == null ? new byte[0] : e.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.toByteArray();
    }

    static List<Entry> decodeRow(byte[] raw) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("quarantine row version " + version + " is not supported");
            }
            int n = in.readInt();
            List<Entry> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Kind kind = Kind.values()[in.readUnsignedByte()];
                String shard = RowFields.readString(in, ROW_NAME);
                String sequence = RowFields.readString(in, ROW_NAME);
                String partitionKey = RowFields.readString(in, ROW_NAME);
                long arrival = in.readLong();
                int reasons = in.readInt();
                List<String> rs = new ArrayList<>(reasons);
                for (int r = 0; r < reasons; r++) {
                    rs.add(RowFields.readString(in, ROW_NAME));
                }
                out.add(new Entry(kind, shard, sequence, partitionKey, arrival, rs, RowFields.readBytes(in, ROW_NAME)));
            }
            if (in.read() != -1) {
                throw new IllegalStateException("quarantine row has bytes after its " + n + " records");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("truncated quarantine row", e);
        }
    }

    private static List<Entry> decodeLegacy(Kind kind, List<Map<String, AttributeValue>> items) {
        Map<String, TreeMap<Integer, byte[]>> extra = new HashMap<>();
        List<Map<String, AttributeValue>> mains = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (!AttributeValues.str(item, AttributeValues.PK).startsWith(kind.prefix)) {
                continue;
            }
            String sk = AttributeValues.str(item, AttributeValues.SK);
            int at = sk.indexOf("#part#");
            if (at >= 0) {
                extra.computeIfAbsent(AttributeValues.str(item, AttributeValues.PK) + "|" + sk.substring(0, at), k -> new TreeMap<>())
                        .put(Integer.parseInt(sk.substring(at + 6)), AttributeValues.bytes(item, "data"));
            } else {
                mains.add(item);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : mains) {
            List<byte[]> parts = new ArrayList<>();
            parts.add(AttributeValues.bytes(item, "data"));
            TreeMap<Integer, byte[]> rest = extra.get(AttributeValues.str(item, AttributeValues.PK) + "|" + AttributeValues.str(item, AttributeValues.SK));
            if (rest != null) {
                parts.addAll(rest.values());
            }
            List<String> reasons = new ArrayList<>();
            item.get("reasons").l().forEach(v -> reasons.add(v.s()));
            out.add(new Entry(kind, AttributeValues.str(item, "shard"), AttributeValues.str(item, "sequence_number"), AttributeValues.str(item, "partition_key"),
                    AttributeValues.num(item, "arrival", 0), reasons, StepRowParts.join(parts)));
        }
        return out;
    }
}

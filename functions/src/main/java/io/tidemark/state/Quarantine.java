package io.tidemark.state;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quarantine table: rejected records ({@code pk = rejected#<shard>}) and late records
 * ({@code pk = late#<shard>}), {@code sk = <sequence number>}, with the original bytes and the
 * reasons. Keyed by where the record sits in the stream, so writing one again (a retry, a replay)
 * is a no-op ({@code attribute_not_exists}). Originals larger than one item are split into parts
 * ({@code sk = <sequence>#part#<i>}), written before the main item.
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

    private final Dynamo dynamo;

    Quarantine(Dynamo dynamo) {
        this.dynamo = dynamo;
    }

    /** Keeps the record; true if this call stored it (false: it was there). */
    public boolean keep(Entry e, long nowMillis) {
        byte[] data = e.data() == null ? new byte[0] : e.data();
        List<byte[]> parts = Chunks.split(data);
        String pk = e.kind().prefix + e.shardId();
        for (int i = 1; i < parts.size(); i++) {
            Map<String, AttributeValue> part = new HashMap<>();
            part.put(Dynamo.PK, Dynamo.s(pk));
            part.put(Dynamo.SK, Dynamo.s(e.sequenceNumber() + "#part#" + Chunks.pad(i, 4)));
            part.put("data", Dynamo.b(parts.get(i)));
            dynamo.put(Table.QUARANTINE, part);
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Dynamo.PK, Dynamo.s(pk));
        item.put(Dynamo.SK, Dynamo.s(e.sequenceNumber()));
        item.put("kind", Dynamo.s(e.kind().name().toLowerCase(java.util.Locale.ROOT)));
        item.put("shard", Dynamo.s(e.shardId()));
        item.put("sequence_number", Dynamo.s(e.sequenceNumber()));
        item.put("partition_key", Dynamo.s(e.partitionKey()));
        item.put("arrival", Dynamo.n(e.arrival()));
        List<AttributeValue> reasons = new ArrayList<>();
        e.reasons().forEach(r -> reasons.add(Dynamo.s(r)));
        item.put("reasons", AttributeValue.fromL(reasons));
        item.put("data", Dynamo.b(parts.get(0)));
        item.put("parts", Dynamo.n(parts.size()));
        item.put("bytes", Dynamo.n(data.length));
        item.put("recorded_at", Dynamo.n(nowMillis));
        return dynamo.putIf(Table.QUARANTINE, item, "attribute_not_exists(pk)", null, null).written();
    }

    /** Every entry of one kind on one shard, in sequence-key order, originals re-assembled. */
    public List<Entry> read(Kind kind, String shardId) {
        QueryRequest q = QueryRequest.builder().tableName(dynamo.tables().of(Table.QUARANTINE)).consistentRead(true)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", Dynamo.s(kind.prefix + shardId))).build();
        return decode(kind, dynamo.queryAll(q));
    }

    /** Every entry of one kind on every shard. */
    public List<Entry> readAll(Kind kind) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scan(Table.QUARANTINE, item -> {
            if (Dynamo.str(item, Dynamo.PK).startsWith(kind.prefix)) {
                items.add(item);
            }
        });
        return decode(kind, items);
    }

    private static List<Entry> decode(Kind kind, List<Map<String, AttributeValue>> items) {
        Map<String, TreeMap<Integer, byte[]>> extra = new HashMap<>();
        List<Map<String, AttributeValue>> mains = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = Dynamo.str(item, Dynamo.SK);
            int at = sk.indexOf("#part#");
            if (at >= 0) {
                extra.computeIfAbsent(Dynamo.str(item, Dynamo.PK) + "|" + sk.substring(0, at), k -> new TreeMap<>())
                        .put(Integer.parseInt(sk.substring(at + 6)), Dynamo.bytes(item, "data"));
            } else {
                mains.add(item);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : mains) {
            List<byte[]> parts = new ArrayList<>();
            parts.add(Dynamo.bytes(item, "data"));
            TreeMap<Integer, byte[]> rest = extra.get(Dynamo.str(item, Dynamo.PK) + "|" + Dynamo.str(item, Dynamo.SK));
            if (rest != null) {
                parts.addAll(rest.values());
            }
            List<String> reasons = new ArrayList<>();
            item.get("reasons").l().forEach(v -> reasons.add(v.s()));
            out.add(new Entry(kind, Dynamo.str(item, "shard"), Dynamo.str(item, "sequence_number"), Dynamo.str(item, "partition_key"),
                    Dynamo.num(item, "arrival", 0), reasons, Chunks.join(parts)));
        }
        return out;
    }
}

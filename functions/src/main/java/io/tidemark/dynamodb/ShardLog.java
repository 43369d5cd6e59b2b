package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A shard's log in the state table: entry {@code (shard, step)} holds the encoded step
 * ({@code StepLogCodec}). Committing a step is one conditional put of the entry
 * ({@code attribute_not_exists(pk)}): commits of a shard are totally ordered, and whoever loses the
 * race reloads and redoes its step.
 * <p>
 * An entry larger than a DynamoDB item is split: the extra parts are written first under keys that
 * name the entry's content hash (so two racing attempts never overwrite each other's parts), then
 * the committing put of part 0 names that hash. Parts of an attempt that lost simply expire.
 */
public final class ShardLog {

    static final String LOG = "log#";
    static final String LOG_PART = "logpart#";

    private final Dynamo dynamo;
    private final StateRetention retention;

    ShardLog(Dynamo dynamo, StateRetention retention) {
        this.dynamo = dynamo;
        this.retention = retention;
    }

    /** A committed entry as read back. */
    public record Entry(long step, byte[] data, long writtenAt) {
    }

    static String pk(String shardId) {
        return "shard#" + shardId;
    }

    static String sk(long step) {
        return LOG + Chunks.pad(step, 20);
    }

    /** Commits entry {@code step}; false if that step was committed already (by anyone). */
    public boolean commit(String shardId, long step, byte[] entry, int records, long nowMillis) {
        List<byte[]> parts = Chunks.split(entry);
        long expires = retention.expiresAtSeconds(nowMillis);
        String hash = parts.size() > 1 ? sha256(entry) : null;
        for (int i = 1; i < parts.size(); i++) {
            Map<String, AttributeValue> part = new HashMap<>();
            part.put(Dynamo.PK, Dynamo.s(pk(shardId)));
            part.put(Dynamo.SK, Dynamo.s(LOG_PART + Chunks.pad(step, 20) + "#" + hash + "#" + Chunks.pad(i, 4)));
            part.put("data", Dynamo.b(parts.get(i)));
            part.put(Dynamo.EXPIRES_AT, Dynamo.n(expires));
            dynamo.put(Table.STATE, part);
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Dynamo.PK, Dynamo.s(pk(shardId)));
        item.put(Dynamo.SK, Dynamo.s(sk(step)));
        item.put("step", Dynamo.n(step));
        item.put("data", Dynamo.b(parts.get(0)));
        item.put("parts", Dynamo.n(parts.size()));
        item.put("records", Dynamo.n(records));
        item.put("written_at", Dynamo.n(nowMillis));
        item.put(Dynamo.EXPIRES_AT, Dynamo.n(expires));
        if (hash != null) {
            item.put("hash", Dynamo.s(hash));
        }
        return dynamo.putIf(Table.STATE, item, "attribute_not_exists(pk)", null, null).written();
    }

    /** The committed entries after {@code afterStep}, in order (strongly consistent). */
    public List<Entry> entriesAfter(String shardId, long afterStep) {
        QueryRequest q = QueryRequest.builder().tableName(dynamo.tables().of(Table.STATE)).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", Dynamo.s(pk(shardId)), ":from", Dynamo.s(sk(afterStep + 1)),
                        ":to", Dynamo.s(LOG + "~")))
                .build();
        List<Entry> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryAll(q)) {
            long step = Dynamo.num(item, "step", -1);
            byte[] data = Dynamo.bytes(item, "data");
            int parts = (int) Dynamo.num(item, "parts", 1);
            if (parts > 1) {
                data = joinParts(shardId, step, Dynamo.str(item, "hash"), data, parts);
            }
            out.add(new Entry(step, data, Dynamo.num(item, "written_at", 0)));
        }
        return out;
    }

    /** One committed entry's bytes, or null if step {@code step} is not committed (strongly consistent). */
    public byte[] entry(String shardId, long step) {
        Map<String, AttributeValue> item = dynamo.get(Table.STATE, pk(shardId), sk(step), true);
        if (item == null) {
            return null;
        }
        int parts = (int) Dynamo.num(item, "parts", 1);
        byte[] data = Dynamo.bytes(item, "data");
        return parts > 1 ? joinParts(shardId, step, Dynamo.str(item, "hash"), data, parts) : data;
    }

    private byte[] joinParts(String shardId, long step, String hash, byte[] first, int parts) {
        List<byte[]> all = new ArrayList<>();
        all.add(first);
        for (int i = 1; i < parts; i++) {
            Map<String, AttributeValue> part = dynamo.get(Table.STATE, pk(shardId),
                    LOG_PART + Chunks.pad(step, 20) + "#" + hash + "#" + Chunks.pad(i, 4), true);
            if (part == null) {
                throw new IllegalStateException("shard " + shardId + ": log entry " + step + " part " + i + " of " + parts + " is missing");
            }
            all.add(Dynamo.bytes(part, "data"));
        }
        byte[] joined = Chunks.join(all);
        if (!sha256(joined).equals(hash)) {
            throw new IllegalStateException("shard " + shardId + ": log entry " + step + " does not match its hash");
        }
        return joined;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

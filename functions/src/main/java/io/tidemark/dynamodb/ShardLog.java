package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
    static final String HEAD = "head";

    private final ItemStore items;
    private final StateRetention retention;

    ShardLog(ItemStore items, StateRetention retention) {
        this.items = items;
        this.retention = retention;
    }

    /** A committed entry as read back. */
    public record Entry(long step, byte[] data, long writtenAt) {
    }

    static String pk(String shardId) {
        return "shard#" + shardId;
    }

    /** The key of entry {@code step}: {@code log#<step, 20 digits>}. */
    private static StepRowKey entryKey(String shardId, long step) {
        return new StepRowKey(pk(shardId), LOG, step);
    }

    private static KeyQuery entriesAfterQuery(String shardId, long afterStep) {
        return KeyQuery.between(pk(shardId), entryKey(shardId, afterStep + 1).stepSk(), LOG + "~");
    }

    /** Commits entry {@code step}; false if that step was committed already (by anyone). */
    public boolean commit(String shardId, long step, byte[] entry, int records, long nowMillis) {
        return commit(shardId, step, entry, records, nowMillis, null);
    }

    /**
     * Commits entry {@code step} with the shard's head after it ({@link ShardHeadCodec}, or null for none): the one
     * conditional put records both. False if that step was committed already (by anyone).
     */
    public boolean commit(String shardId, long step, byte[] entry, int records, long nowMillis, ShardHead head) {
        List<byte[]> parts = StepRowParts.split(entry);
        long expires = retention.expiresAtSeconds(nowMillis);
        String hash = parts.size() > 1 ? sha256(entry) : null;
        for (int i = 1; i < parts.size(); i++) {
            Map<String, AttributeValue> part = StepRowParts.item(pk(shardId), partKey(shardId, step).sk(hash, i), parts.get(i));
            part.put(AttributeValues.EXPIRES_AT, AttributeValues.n(expires));
            items.put(Table.STATE, part);
        }
        Map<String, AttributeValue> item = StepRowParts.item(pk(shardId), entryKey(shardId, step).stepSk(), parts.get(0));
        item.put(StepRowParts.STEP, AttributeValues.n(step));
        item.put(StepRowParts.PARTS, AttributeValues.n(parts.size()));
        item.put("records", AttributeValues.n(records));
        item.put("written_at", AttributeValues.n(nowMillis));
        item.put(AttributeValues.EXPIRES_AT, AttributeValues.n(expires));
        if (hash != null) {
            item.put("hash", AttributeValues.s(hash));
        }
        if (head != null) {
            item.put(HEAD, AttributeValues.b(ShardHeadCodec.encode(head)));
        }
        return items.putIf(Table.STATE, item, PutCondition.absent()).written();
    }

    /**
     * The head the newest committed entry after {@code afterStep} carries, or null if there is none or it carries no
     * head (one item read: DynamoDB's {@code Limit} 1, newest first).
     */
    ShardHead newestHead(String shardId, long afterStep, long settledHorizon) {
        ShardHead[] found = {null};
        items.query(Table.STATE, entriesAfterQuery(shardId, afterStep).descending().firstOnly(), item -> {
            if (item.containsKey(HEAD)) {
                found[0] = ShardHeadCodec.decode(shardId, AttributeValues.num(item, StepRowParts.STEP, -1),
                        AttributeValues.num(item, "written_at", 0), AttributeValues.bytes(item, HEAD), settledHorizon);
            }
            return false;
        });
        return found[0];
    }

    /** The committed entries after {@code afterStep}, in order (strongly consistent). */
    public List<Entry> entriesAfter(String shardId, long afterStep) {
        List<Entry> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items.queryAll(Table.STATE, entriesAfterQuery(shardId, afterStep))) {
            long step = AttributeValues.num(item, StepRowParts.STEP, -1);
            byte[] data = AttributeValues.bytes(item, StepRowParts.DATA);
            int parts = (int) AttributeValues.num(item, StepRowParts.PARTS, 1);
            if (parts > 1) {
                data = joinParts(shardId, step, AttributeValues.str(item, "hash"), data, parts);
            }
            out.add(new Entry(step, data, AttributeValues.num(item, "written_at", 0)));
        }
        return out;
    }

    /** One committed entry's bytes, or null if step {@code step} is not committed (strongly consistent). */
    public byte[] entry(String shardId, long step) {
        Map<String, AttributeValue> item = items.get(Table.STATE, pk(shardId), entryKey(shardId, step).stepSk());
        if (item == null) {
            return null;
        }
        int parts = (int) AttributeValues.num(item, StepRowParts.PARTS, 1);
        byte[] data = AttributeValues.bytes(item, StepRowParts.DATA);
        return parts > 1 ? joinParts(shardId, step, AttributeValues.str(item, "hash"), data, parts) : data;
    }

    private byte[] joinParts(String shardId, long step, String hash, byte[] first, int parts) {
        List<byte[]> all = new ArrayList<>();
        all.add(first);
        for (int i = 1; i < parts; i++) {
            Map<String, AttributeValue> part = items.get(Table.STATE, pk(shardId), partKey(shardId, step).sk(hash, i));
            if (part == null) {
                throw new IllegalStateException("shard " + shardId + ": log entry " + step + " part " + i + " of " + parts + " is missing");
            }
            all.add(AttributeValues.bytes(part, StepRowParts.DATA));
        }
        byte[] joined = StepRowParts.join(all);
        if (!sha256(joined).equals(hash)) {
            throw new IllegalStateException("shard " + shardId + ": log entry " + step + " does not match its hash");
        }
        return joined;
    }

    /** The key of entry {@code step}'s extra parts: {@code logpart#<step, 20 digits>#<content hash>#<part, 4 digits>}. */
    private static StepRowKey partKey(String shardId, long step) {
        return new StepRowKey(pk(shardId), LOG_PART, step);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

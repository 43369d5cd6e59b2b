package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Shard snapshots in the state table: the encoded {@code ShardState} after step {@code n}
 * ({@code ShardStateCodec}), in parts ≤ 350 KB under {@code (shard, snap#n#part)}. A snapshot is
 * usable once all its parts exist; the loader takes the newest complete one, so a crash while
 * writing one leaves the previous snapshot in force.
 */
public final class Snapshots {

    static final String SNAP = "snap#";

    private final ItemStore items;
    private final StateRetention retention;

    Snapshots(ItemStore items, StateRetention retention) {
        this.items = items;
        this.retention = retention;
    }

    /** A complete snapshot. */
    public record Snapshot(long step, byte[] data, long writtenAt) {
    }

    public void write(String shardId, long step, byte[] state, long nowMillis) {
        List<byte[]> parts = Chunks.split(state);
        long expires = retention.expiresAtSeconds(nowMillis);
        for (int i = parts.size() - 1; i >= 0; i--) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(AttributeValues.PK, AttributeValues.s(ShardLog.pk(shardId)));
            item.put(AttributeValues.SK, AttributeValues.s(SNAP + Chunks.pad(step, 20) + "#" + Chunks.pad(i, 4)));
            item.put("step", AttributeValues.n(step));
            item.put("part", AttributeValues.n(i));
            item.put("parts", AttributeValues.n(parts.size()));
            item.put("data", AttributeValues.b(parts.get(i)));
            item.put("written_at", AttributeValues.n(nowMillis));
            item.put(AttributeValues.EXPIRES_AT, AttributeValues.n(expires));
            items.put(Table.STATE, item);
        }
    }

    /** The newest complete snapshot of the shard, if any (strongly consistent). */
    public Optional<Snapshot> latest(String shardId) {
        Snapshot[] found = new Snapshot[1];
        long[] currentStep = {-1};
        TreeMap<Integer, byte[]> parts = new TreeMap<>();
        int[] expected = {0};
        long[] writtenAt = {0};
        items.query(Table.STATE, KeyQuery.between(ShardLog.pk(shardId), SNAP, SNAP + "~").descending(), item -> {
            long step = AttributeValues.num(item, "step", -1);
            if (step != currentStep[0]) {
                currentStep[0] = step;
                parts.clear();
                expected[0] = (int) AttributeValues.num(item, "parts", 1);
            }
            int part = (int) AttributeValues.num(item, "part", 0);
            parts.put(part, AttributeValues.bytes(item, "data"));
            if (part == 0) {
                writtenAt[0] = AttributeValues.num(item, "written_at", 0);
            }
            if (parts.size() == expected[0] && parts.firstKey() == 0 && parts.lastKey() == expected[0] - 1) {
                found[0] = new Snapshot(step, Chunks.join(new ArrayList<>(parts.values())), writtenAt[0]);
                return false;
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Writes the snapshot's parts, the last first. */
    public void write(String shardId, long step, byte[] state, long nowMillis) {
        long expires = retention.expiresAtSeconds(nowMillis);
        StepRowKey key = new StepRowKey(ShardLog.pk(shardId), SNAP, step);
        List<Map<String, AttributeValue>> parts = StepRowParts.items(key, StepRowParts.STEP, StepRowParts.split(state));
        for (int i = parts.size() - 1; i >= 0; i--) {
            Map<String, AttributeValue> item = parts.get(i);
            item.put("written_at", AttributeValues.n(nowMillis));
            item.put(AttributeValues.EXPIRES_AT, AttributeValues.n(expires));
            items.put(Table.STATE, item);
        }
    }

    /** The newest complete snapshot of the shard, if any (strongly consistent). */
    public Optional<Snapshot> latest(String shardId) {
        KeyQuery newestFirst = StepRowKey.stepsAfter(ShardLog.pk(shardId), SNAP, -1).descending();
        List<Map<String, AttributeValue>> parts = StepRowParts.firstComplete(items, Table.STATE, newestFirst);
        if (parts == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> first = parts.get(0);
        return Optional.of(new Snapshot(AttributeValues.num(first, StepRowParts.STEP, -1), StepRowParts.data(parts),
                AttributeValues.num(first, "written_at", 0)));
    }
}

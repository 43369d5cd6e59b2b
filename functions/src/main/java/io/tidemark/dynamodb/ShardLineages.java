package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lineage of the stream's shards as learned (docs/state.md): one item per shard in one partition
 * ({@code pk = lineage}, {@code sk = <shard id>}) with its parents and hash-key range. Kept because the
 * stream stops listing a closed shard once its records expire, and a replay may run months later.
 * Written with plain puts: a shard's lineage never changes.
 */
public final class ShardLineages {

    static final String PK = "lineage";

    private final ItemStore items;

    ShardLineages(ItemStore items) {
        this.items = items;
    }

    public Optional<ShardLineage> read(String shardId) {
        Map<String, AttributeValue> item = items.get(Table.STATE, PK, shardId);
        return item == null ? Optional.empty() : Optional.of(decode(item));
    }

    /** Every lineage kept, sorted by shard id. */
    public List<ShardLineage> readAll() {
        List<ShardLineage> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items.queryAll(Table.STATE, KeyQuery.partition(PK))) {
            out.add(decode(item));
        }
        return out;
    }

    public void write(Collection<ShardLineage> lineages, long nowMillis) {
        for (ShardLineage lineage : lineages) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(AttributeValues.PK, AttributeValues.s(PK));
            item.put(AttributeValues.SK, AttributeValues.s(lineage.shardId()));
            item.put("parents", AttributeValue.fromL(lineage.parents().stream().map(AttributeValues::s).toList()));
            item.put("starting_hash_key", AttributeValues.s(lineage.range().start().toString()));
            item.put("ending_hash_key", AttributeValues.s(lineage.range().end().toString()));
            item.put("learned_at", AttributeValues.n(nowMillis));
            items.put(Table.STATE, item);
        }
    }

    private static ShardLineage decode(Map<String, AttributeValue> item) {
        AttributeValue parents = item.get("parents");
        List<String> ids = parents == null || !parents.hasL() ? List.of() : parents.l().stream().map(AttributeValue::s).toList();
        return new ShardLineage(AttributeValues.str(item, AttributeValues.SK), ids,
                HashKeyRange.of(AttributeValues.str(item, "starting_hash_key"), AttributeValues.str(item, "ending_hash_key")));
    }
}

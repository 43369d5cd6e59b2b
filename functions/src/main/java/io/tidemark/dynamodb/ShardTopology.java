package io.tidemark.dynamodb;

import io.tidemark.core.stream.ShardLineage;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lineage of the stream's shards as the hand-over needs it: kept in the state table once learned
 * ({@link ShardLineages}), learned from the stream ({@link StreamShards}) when a shard is met that the
 * table does not know yet — a new shard, after a reshard or a SnapStart restore alike — and then kept
 * for every shard the stream lists, closed parents included. Cached per container: a shard's lineage
 * never changes.
 */
final class ShardTopology {

    private final ShardLineages kept;
    private final StreamShards stream;
    private final Map<String, ShardLineage> known = new ConcurrentHashMap<>();

    ShardTopology(ShardLineages kept, StreamShards stream) {
        this.kept = kept;
        this.stream = stream;
    }

    /** The shard's lineage, or empty if neither the table nor the stream knows it (a shard of a stream never resharded). */
    Optional<ShardLineage> lineage(String shardId, long nowMillis) {
        ShardLineage cached = known.get(shardId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ShardLineage> stored = kept.read(shardId);
        if (stored.isPresent()) {
            known.put(shardId, stored.get());
            return stored;
        }
        learnFromStream(nowMillis);
        return Optional.ofNullable(known.get(shardId));
    }

    /** The shards a reshard of {@code parents} made: both halves of a split, the one shard of a merge. */
    List<ShardLineage> children(List<String> parents, long nowMillis) {
        List<ShardLineage> children = kept.readAll().stream().filter(l -> l.parents().equals(parents)).toList();
        if (children.isEmpty()) {
            learnFromStream(nowMillis);
            children = kept.readAll().stream().filter(l -> l.parents().equals(parents)).toList();
        }
        return children;
    }

    private void learnFromStream(long nowMillis) {
        List<ShardLineage> listed = stream.list();
        if (listed.isEmpty()) {
            return;
        }
        Set<String> stored = new HashSet<>();
        kept.readAll().forEach(l -> stored.add(l.shardId()));
        kept.write(listed.stream().filter(l -> !stored.contains(l.shardId())).toList(), nowMillis);
        listed.forEach(l -> known.put(l.shardId(), l));
    }
}

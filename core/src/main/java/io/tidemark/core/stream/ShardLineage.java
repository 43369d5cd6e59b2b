package io.tidemark.core.stream;

import java.util.List;
import java.util.Objects;

/**
 * Where a shard comes from: the shards it was split or merged from (none for a shard the stream was
 * created with, one after a split, two after a merge: the parent, then the adjacent parent) and the
 * hash keys it holds. It never changes, so it can be kept once learned.
 *
 * @param shardId the shard
 * @param parents its parents, in the order {@code ListShards} names them
 * @param range   its hash-key range
 */
public record ShardLineage(String shardId, List<String> parents, HashKeyRange range) {

    public ShardLineage {
        Objects.requireNonNull(shardId, "shardId");
        parents = List.copyOf(parents);
        Objects.requireNonNull(range, "range");
        if (parents.size() > 2 || parents.contains(shardId)) {
            throw new IllegalArgumentException("shard " + shardId + " has at most two parents, none of them itself: " + parents);
        }
    }

    /** A shard the stream was created with. */
    public static ShardLineage root(String shardId, HashKeyRange range) {
        return new ShardLineage(shardId, List.of(), range);
    }

    /** Whether the shard came from a reshard. */
    public boolean hasParents() {
        return !parents.isEmpty();
    }
}

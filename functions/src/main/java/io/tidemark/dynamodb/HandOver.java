package io.tidemark.dynamodb;

import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.stream.ShardLineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reshard hand-over of docs/state.md. The first time a child shard is met with no state of its
 * own, its parents end — a log entry that carries no record and settles nothing, committed like any
 * step, so a sweeper tick of a parent either commits before it or finds the parent ended — and every
 * child of that reshard starts from the parents' final states ({@link ShardState#handedOver}): its
 * snapshot of step 0 and its head row. A parent that never took a step of its own starts from its own
 * parents first, so the hand-over passes through shards that closed before receiving a record.
 * Whoever meets a child first does it; doing it again writes the same bytes.
 */
final class HandOver {

    /** What the write sequence does for the hand-over. */
    interface Shards {
        /** The shard's state (its snapshot and log, the last entry's effects written again), or a new empty one. */
        LoadedShard load(String shardId, long now);

        /** Commits the step that ends the shard and writes its head; false if another step of the shard committed first. */
        boolean end(LoadedShard shard, long now);

        /** Writes a child's starting state: its snapshot of step 0, then its head row. */
        void start(String shardId, ShardState state, long now);

        /** Whether the shard has a snapshot or a log entry. */
        boolean hasState(String shardId);
    }

    /** A hand-over done: the parents that ended (with the step at which they did) and how many users each child took. */
    record Done(Map<String, Long> parents, Map<String, Integer> children) {
    }

    private static final int MAX_ATTEMPTS = 20;

    private final ShardTopology topology;
    private final Shards shards;

    HandOver(ShardTopology topology, Shards shards) {
        this.topology = topology;
        this.shards = shards;
    }

    /** Starts {@code shardId} from its parents if it is a child of a reshard with no state yet; empty if it is not one. */
    Optional<Done> startIfChild(String shardId, long now) {
        Optional<ShardLineage> lineage = topology.lineage(shardId, now);
        if (lineage.isEmpty() || !lineage.get().hasParents()) {
            return Optional.empty();
        }
        List<String> parentIds = lineage.get().parents();
        List<ShardState> finals = new ArrayList<>();
        Map<String, Long> parents = new LinkedHashMap<>();
        for (String parent : parentIds) {
            ShardState ended = end(parent, now);
            finals.add(ended);
            parents.put(parent, ended.appliedSteps());
        }
        Map<String, Integer> children = new LinkedHashMap<>();
        for (ShardLineage child : topology.children(parentIds, now)) {
            if (child.shardId().equals(shardId) || !shards.hasState(child.shardId())) {
                ShardState start = ShardState.handedOver(child.shardId(), child.range(), finals.stream().map(ShardStateCodec::copy).toList());
                shards.start(child.shardId(), start, now);
                children.put(child.shardId(), start.userCount());
            }
        }
        return Optional.of(new Done(parents, children));
    }

    /** The parent's final state: ended now, unless it ended before (another child met first, or a retry). */
    private ShardState end(String parent, long now) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            LoadedShard shard = shards.load(parent, now);
            if (shard.state.ended() || shards.end(shard, now)) {
                return shard.state;
            }
            // A step of the parent (a sweeper tick) committed first: its state goes to the children too.
        }
        throw new IllegalStateException("shard " + parent + ": could not end it for its children in " + MAX_ATTEMPTS
                + " attempts (its own steps keep committing first)");
    }
}

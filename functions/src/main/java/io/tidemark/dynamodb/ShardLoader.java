package io.tidemark.dynamodb;

import io.tidemark.core.ShardProcessor;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.state.codec.StepLogCodec;

import java.util.List;
import java.util.Optional;

/**
 * Loads a shard: the newest complete snapshot, then every later log entry replayed in order through
 * the same pure step (docs/core.md). Returns the effects of the last entry, which the caller writes
 * again: they are idempotent, and the crash that made this load necessary may have come between the
 * entry's commit and its effects.
 */
public final class ShardLoader {

    private final StateStore store;
    private final ShardProcessor processor;

    public ShardLoader(StateStore store, ShardProcessor processor) {
        this.store = store;
        this.processor = processor;
    }

    /** A loaded shard and the effects of its last log entry ({@code null} if the log is empty). */
    public record Loaded(ShardState state, StepEffects lastEffects, long snapshotStep, int replayedEntries) {
    }

    public Loaded load(String shardId) {
        Result r = loadShard(shardId);
        return new Loaded(r.shard().state, r.lastEffects(), r.shard().snapshotStep, r.replayed());
    }

    record Result(LoadedShard shard, StepEffects lastEffects, int replayed) {
        /** Neither a snapshot nor a log entry: a shard that never took a step (a new one, or a reshard's child not started yet). */
        boolean isBlank() {
            return shard.snapshotBytes < 0 && replayed == 0;
        }
    }

    Result loadShard(String shardId) {
        Optional<Snapshots.Snapshot> snapshot = store.snapshots().latest(shardId);
        ShardState state;
        LoadedShard shard;
        if (snapshot.isPresent()) {
            state = ShardStateCodec.decode(snapshot.get().data(), processor.settings());
            if (state.appliedSteps() != snapshot.get().step() || !state.shardId().equals(shardId)) {
                throw new IllegalStateException("snapshot " + snapshot.get().step() + " of shard " + shardId + " holds " + state);
            }
            shard = new LoadedShard(state, snapshot.get().step(), snapshot.get().data().length, snapshot.get().writtenAt());
        } else {
            state = processor.newState(shardId);
            shard = new LoadedShard(state, 0, -1, 0);
        }
        List<ShardLog.Entry> entries = store.log().entriesAfter(shardId, state.appliedSteps());
        StepEffects last = null;
        for (ShardLog.Entry e : entries) {
            if (e.step() != state.appliedSteps() + 1) {
                throw new IllegalStateException("shard " + shardId + ": log entry " + (state.appliedSteps() + 1) + " is missing (next is "
                        + e.step() + "); the snapshot and log of this shard are incomplete");
            }
            var log = StepLogCodec.decode(e.data());
            last = processor.replay(state, log).effects();
            shard.logBytesSinceSnapshot += e.data().length;
            if (log.maxSequenceNumber() != null && log.redrive() == null) {
                shard.lastSequence = log.maxSequenceNumber();
            }
        }
        return new Result(shard, last, entries.size());
    }
}

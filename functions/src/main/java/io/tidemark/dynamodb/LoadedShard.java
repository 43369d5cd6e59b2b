package io.tidemark.dynamodb;

import io.tidemark.core.state.ShardState;

/**
 * A shard's state in memory with what the write sequence needs to know about its log: the newest
 * snapshot's step, size and age, and the log bytes written since. Owned by one step at a time.
 */
final class LoadedShard {

    final ShardState state;
    long snapshotStep;
    long snapshotBytes;
    long snapshotAt;
    long logBytesSinceSnapshot;
    String lastSequence;
    /** This container wrote the shard's head row since it loaded the shard. */
    boolean headRowWritten;

    LoadedShard(ShardState state, long snapshotStep, long snapshotBytes, long snapshotAt) {
        this.state = state;
        this.snapshotStep = snapshotStep;
        this.snapshotBytes = snapshotBytes;
        this.snapshotAt = snapshotAt;
    }

    /**
     * Snapshot when there is none, when the log since the last one outgrew {@code logMultiple} times
     * its size (a reload replays at most that much log: {@link StateRetention#snapshotLogMultiple}),
     * or when it is getting old.
     */
    boolean snapshotDue(long nowMillis, StateRetention retention) {
        return snapshotBytes < 0 || logBytesSinceSnapshot > snapshotBytes * retention.snapshotLogMultiple()
                || nowMillis - snapshotAt >= retention.snapshotMaxAge().toMillis();
    }
}

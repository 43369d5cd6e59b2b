package io.tidemark.state;

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

    LoadedShard(ShardState state, long snapshotStep, long snapshotBytes, long snapshotAt) {
        this.state = state;
        this.snapshotStep = snapshotStep;
        this.snapshotBytes = snapshotBytes;
        this.snapshotAt = snapshotAt;
    }

    /** The architecture's rule: snapshot when the log since the last one outgrew it (or there is none), or it is getting old. */
    boolean snapshotDue(long nowMillis, long maxAgeMillis) {
        return snapshotBytes < 0 || logBytesSinceSnapshot > snapshotBytes || nowMillis - snapshotAt >= maxAgeMillis;
    }
}

package io.tidemark.core.stream;

import io.tidemark.core.time.ShardProgress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a step knows about time besides its own records. Logged with the step, so a replay sees
 * exactly what the original step saw.
 *
 * @param processingTime the wall clock of the step (epoch ms): idleness is measured with it
 * @param peers          the latest known progress of the stream's other shards (from their head
 *                       rows); may be stale, never ahead of the truth
 * @param endOfInput     a bounded input is exhausted after this step's records: the watermark
 *                       jumps to +∞, every window becomes final and every cart timer fires
 * @param shardEnded     this shard is closed (a parent after a reshard) and this step holds its
 *                       last records: from now on it never holds the watermark back
 */
public record WatermarkInputs(long processingTime, List<ShardProgress> peers, boolean endOfInput, boolean shardEnded) {

    public WatermarkInputs {
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    }

    /** A step of a single-shard stream (or one that knows nothing of its peers) at {@code processingTime}. */
    public static WatermarkInputs at(Instant processingTime) {
        return new WatermarkInputs(processingTime.toEpochMilli(), List.of(), false, false);
    }

    public static WatermarkInputs at(long processingTime) {
        return new WatermarkInputs(processingTime, List.of(), false, false);
    }

    public WatermarkInputs withPeers(List<ShardProgress> peers) {
        return new WatermarkInputs(processingTime, peers, endOfInput, shardEnded);
    }

    public WatermarkInputs withEndOfInput() {
        return new WatermarkInputs(processingTime, peers, true, shardEnded);
    }

    public WatermarkInputs withShardEnded() {
        return new WatermarkInputs(processingTime, peers, endOfInput, true);
    }
}

package io.tidemark.cli.kinesis;

import java.time.Instant;

/**
 * A record that a {@link ShardLane} holds until it is settled: acknowledged by Kinesis, or given up.
 * Mutable bookkeeping, changed only by its lane (under the putter's lock).
 */
final class PendingRecord {

    final OutgoingRecord record;
    /** Its lane; after a reshard, the lane of the new shard that took it over. */
    ShardLane lane;
    /** Input order, across all lanes. */
    final long position;
    /**
     * The largest event time of the lane's input up to and including this record ({@code null} while
     * there is none); after a merge, of the merged lanes' records it is taken over with.
     */
    Instant highWater;
    int attempts;
    boolean inFlight;
    /** Acknowledged or given up. */
    boolean settled;
    /** After a failure: not sent again before this {@link System#nanoTime()}. */
    long notBeforeNanos;

    PendingRecord(OutgoingRecord record, ShardLane lane, long position, Instant highWater) {
        this.record = record;
        this.lane = lane;
        this.position = position;
        this.highWater = highWater;
    }
}

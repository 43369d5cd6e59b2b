package io.tidemark.cli.kinesis;

import io.tidemark.core.stream.HashKeyRange;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records bound for one shard that are not settled yet, in input order, and the rule that says
 * which of them may be sent now. Kinesis lands the entries of a {@code PutRecords} call
 * independently — a failed entry sent again lands after the later entries that succeeded — and
 * calls in flight together land in any order. So a record goes out only when, whatever fails and
 * whatever lands first, order stays within bounds:
 * <ul>
 *   <li><b>keys</b>: not while an earlier record of its partition key is unsettled, so each key's
 *       records land in input order;</li>
 *   <li><b>event time</b>: not while its event time is more than {@code maxDisorder} past the
 *       high-water mark of the lane's oldest unsettled record (the largest event time of the lane's
 *       input up to that record). Whatever lands ahead of an unsettled record is then at most
 *       {@code maxDisorder} past the high-water mark it would have met in input order: no record meets
 *       more than {@code maxDisorder} of disorder on the shard beyond the input's own.</li>
 *   <li><b>late records</b>: a record more than {@code maxDisorder} behind its high-water mark (a late
 *       record) not until the lane has landed a record at most {@code maxDisorder} short of that mark —
 *       or, if none ever lands (given up), until everything before it is settled. Sent sooner, it could
 *       land ahead of the records that put it behind, where the shard's watermark is still low, and
 *       count as on time. Such a record waits for one acknowledgement, not for the whole lane: input
 *       with ordinary disorder keeps its requests in flight.</li>
 * </ul>
 * A record without an event time holds no one back and is held back only by its key. The oldest
 * unsettled record may always go, so the lane always moves.
 * <p>
 * Not thread-safe: the putter calls it under its lock.
 */
final class ShardLane {

    private final String shardId;
    private final HashKeyRange range;
    private final Duration maxDisorder;
    private Instant highWater;
    /** The largest event time of the records Kinesis acknowledged for this lane ({@code null}: none). */
    private Instant landed;
    private final TreeMap<Long, PendingRecord> unsettled = new TreeMap<>();
    private final Map<String, ArrayDeque<PendingRecord>> unsettledByKey = new HashMap<>();
    /** The oldest unsettled record of each key: the only ones that may be sent. */
    private final TreeMap<Long, PendingRecord> keyHeads = new TreeMap<>();

    /**
     * @param shardId     the shard these records are meant for; {@code null} when the stream's shards are unknown
     * @param range       the hash keys the lane takes
     * @param maxDisorder the event-time disorder the lane may add on its shard
     * @param highWater   the largest event time of the input for these hash keys so far ({@code null}: none)
     */
    ShardLane(String shardId, HashKeyRange range, Duration maxDisorder, Instant highWater) {
        this(shardId, range, maxDisorder, highWater, null);
    }

    /**
     * @param landed the largest event time acknowledged on the shards this lane follows ({@code null}: none);
     *               they are read before the new shard, so a late record need not wait for its own lane to land it again
     */
    ShardLane(String shardId, HashKeyRange range, Duration maxDisorder, Instant highWater, Instant landed) {
        if (maxDisorder.isNegative()) {
            throw new IllegalArgumentException("the disorder bound must be ≥ 0, got " + maxDisorder);
        }
        this.shardId = shardId;
        this.range = range;
        this.maxDisorder = maxDisorder;
        this.highWater = highWater;
        this.landed = landed;
    }

    String shardId() {
        return shardId;
    }

    HashKeyRange range() {
        return range;
    }

    Instant highWater() {
        return highWater;
    }

    Instant landed() {
        return landed;
    }

    /** Takes the next record of the input. */
    PendingRecord enqueue(OutgoingRecord record, long position) {
        Instant time = record.eventTime();
        if (time != null && (highWater == null || time.isAfter(highWater))) {
            highWater = time;
        }
        PendingRecord pending = new PendingRecord(record, this, position, highWater);
        hold(pending);
        return pending;
    }

    /**
     * Takes over the unsettled records of the lanes this one replaces after a reshard — sent or not,
     * each keeps its place in the input — before any record of its own: the new shard's records then
     * wait for the old shards' as if one lane had held them all along. Records of two merged lanes
     * raise each other's high-water marks to the running maximum in input order.
     */
    void takeOver(Collection<PendingRecord> earlier) {
        if (!unsettled.isEmpty()) {
            throw new IllegalStateException("a lane takes over records only before it holds any: " + this);
        }
        Instant running = null;
        for (PendingRecord p : earlier.stream().sorted(Comparator.comparingLong(p -> p.position)).toList()) {
            if (p.highWater != null && (running == null || p.highWater.isAfter(running))) {
                running = p.highWater;
            }
            p.highWater = running;
            p.lane = this;
            hold(p);
        }
    }

    /** Whether this record, just enqueued, may be sent now. */
    boolean maySend(PendingRecord pending, long nowNanos) {
        return keyHeads.get(pending.position) == pending && !pending.inFlight && pending.notBeforeNanos <= nowNanos
                && withinBound(pending, limit()) && nothingEarlierHoldsBack(pending);
    }

    /** Adds to the batch, in input order, every record that may be sent now, until the batch is full. */
    void collectSendable(long nowNanos, RequestBatch batch) {
        Instant limit = limit();
        for (PendingRecord head : keyHeads.values()) {
            if (head.inFlight || !withinBound(head, limit) || !nothingEarlierHoldsBack(head)) {
                continue;
            }
            if (head.notBeforeNanos > nowNanos) {
                batch.retryDueAt(head.notBeforeNanos);
            } else if (!batch.offer(head)) {
                return;
            }
        }
    }

    void sent(PendingRecord pending) {
        pending.inFlight = true;
        pending.attempts++;
    }

    /** Kinesis acknowledged it (settle it next): it is on the shard, ahead of whatever is sent from now on. */
    void acknowledged(PendingRecord pending) {
        Instant time = pending.record.eventTime();
        if (time != null && (landed == null || time.isAfter(landed))) {
            landed = time;
        }
    }

    /** Kinesis has it, or it is given up: either way it holds nothing back any more. */
    void settled(PendingRecord pending) {
        if (pending.settled) {
            return;
        }
        pending.settled = true;
        unsettled.remove(pending.position);
        keyHeads.remove(pending.position);
        String key = pending.record.partitionKey();
        ArrayDeque<PendingRecord> ofKey = unsettledByKey.get(key);
        ofKey.remove(pending);
        if (ofKey.isEmpty()) {
            unsettledByKey.remove(key);
        } else {
            PendingRecord next = ofKey.peekFirst();
            keyHeads.put(next.position, next);
        }
        pending.inFlight = false;
    }

    /** It failed; it goes again, first among its key, no sooner than {@code notBeforeNanos}. */
    void retryAfter(PendingRecord pending, long notBeforeNanos) {
        pending.inFlight = false;
        pending.notBeforeNanos = notBeforeNanos;
    }

    /** The unsettled records, in input order. */
    List<PendingRecord> unsettled() {
        return new ArrayList<>(unsettled.values());
    }

    boolean isDrained() {
        return unsettled.isEmpty();
    }

    private void hold(PendingRecord pending) {
        unsettled.put(pending.position, pending);
        ArrayDeque<PendingRecord> ofKey = unsettledByKey.computeIfAbsent(pending.record.partitionKey(), k -> new ArrayDeque<>());
        ofKey.addLast(pending);
        if (ofKey.size() == 1) {
            keyHeads.put(pending.position, pending);
        }
    }

    /** The latest event time a record may have to go now; {@code null}: only records without one may go. */
    private Instant limit() {
        if (unsettled.isEmpty()) {
            return null;
        }
        Instant oldest = unsettled.firstEntry().getValue().highWater;
        if (oldest == null) {
            return null;
        }
        try {
            return oldest.plus(maxDisorder);
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return Instant.MAX;
        }
    }

    /** A late record goes once the shard has what made it late, or as the lane's oldest unsettled record. */
    private boolean nothingEarlierHoldsBack(PendingRecord pending) {
        return !isLate(pending) || landedWhatMadeItLate(pending) || unsettled.firstKey() == pending.position;
    }

    private boolean landedWhatMadeItLate(PendingRecord pending) {
        try {
            return landed != null && !landed.plus(maxDisorder).isBefore(pending.highWater);
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return true;
        }
    }

    /** More than the bound behind the largest event time of the lane's input before it. */
    private boolean isLate(PendingRecord pending) {
        Instant time = pending.record.eventTime();
        if (time == null || pending.highWater == null) {
            return false;
        }
        try {
            return time.plus(maxDisorder).isBefore(pending.highWater);
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return false;
        }
    }

    private static boolean withinBound(PendingRecord pending, Instant limit) {
        Instant time = pending.record.eventTime();
        return time == null || limit != null && !time.isAfter(limit);
    }

    @Override
    public String toString() {
        return (shardId == null ? "the whole stream" : shardId) + " " + range;
    }
}

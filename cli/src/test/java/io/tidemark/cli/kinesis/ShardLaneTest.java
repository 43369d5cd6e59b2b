package io.tidemark.cli.kinesis;

import io.tidemark.core.stream.HashKeyRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lane's rule, one case at a time: which records may be sent now. */
class ShardLaneTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private long position;

    @Test
    void aKeysNextRecordWaitsUntilItsPreviousOneIsSettled() {
        ShardLane lane = lane(Duration.ofHours(1));
        PendingRecord first = add(lane, "u1", 0);
        PendingRecord second = add(lane, "u1", 1);
        PendingRecord other = add(lane, "u2", 2);

        assertThat(sendable(lane)).containsExactly(first, other);
        sendAll(lane);
        lane.settled(first);
        assertThat(sendable(lane)).containsExactly(second);
    }

    @Test
    void aFailedRecordGoesAgainAheadOfItsKeyAndKeepsHoldingItBack() {
        ShardLane lane = lane(Duration.ofHours(1));
        PendingRecord first = add(lane, "u1", 0);
        PendingRecord second = add(lane, "u1", 1);
        sendAll(lane);
        lane.retryAfter(first, 0);

        assertThat(sendable(lane)).containsExactly(first);
        assertThat(second.inFlight).isFalse();
    }

    @Test
    void recordsMoreThanTheBoundPastTheOldestUnsettledRecordsHighWaterMarkWait() {
        ShardLane lane = lane(Duration.ofSeconds(1));
        PendingRecord at0 = add(lane, "a", 0);
        PendingRecord at1 = add(lane, "b", 1_000);
        PendingRecord at2 = add(lane, "c", 2_000);

        assertThat(sendable(lane)).containsExactly(at0, at1);
        sendAll(lane);
        lane.settled(at0);
        assertThat(sendable(lane)).containsExactly(at2);
    }

    @Test
    void recordsBehindTheHighWaterMarkGoWithTheRecordThatSetIt() {
        // The input's own disorder, within the bound: c (at 4.5 s) comes after b (at 5 s).
        ShardLane lane = lane(Duration.ofSeconds(1));
        PendingRecord a = add(lane, "a", 4_000);
        PendingRecord b = add(lane, "b", 5_000);
        PendingRecord c = add(lane, "c", 4_500);
        PendingRecord d = add(lane, "d", 7_000);

        assertThat(sendable(lane)).containsExactly(a, b, c);
        sendAll(lane);
        lane.settled(a);
        lane.settled(b);
        assertThat(sendable(lane)).as("c's high-water mark is b's 5 s: d at 7 s is too far ahead of it").isEmpty();
        lane.settled(c);
        assertThat(sendable(lane)).containsExactly(d);
    }

    @Test
    void aLateRecordWaitsUntilTheShardHasTheRecordThatMadeItLate() {
        // late (at 0.5 s) is 4.5 s behind b's 5 s: sent while b is in flight, it could land first and be on time there.
        ShardLane lane = lane(Duration.ofSeconds(1));
        PendingRecord a = add(lane, "a", 4_000);
        PendingRecord b = add(lane, "b", 5_000);
        PendingRecord late = add(lane, "late", 500);
        PendingRecord after = add(lane, "after", 5_000);

        assertThat(sendable(lane)).as("the late record waits; the one after it does not wait for it").containsExactly(a, b, after);
        sendAll(lane);
        assertThat(sendable(lane)).as("b, which made it late, is in flight").isEmpty();
        lane.retryAfter(b, 0);
        assertThat(sendable(lane)).as("b failed and goes again; the late record still waits for it").containsExactly(b);
        sendAll(lane);
        acknowledge(lane, b);
        assertThat(sendable(lane)).as("b landed: late lands behind it, while a and after are still in flight").containsExactly(late);
    }

    @Test
    void aLateRecordWhoseMarkNeverLandsGoesWhenEverythingBeforeItIsSettled() {
        ShardLane lane = lane(Duration.ofSeconds(1));
        PendingRecord ahead = add(lane, "a", 60_000);
        PendingRecord late = add(lane, "late", 0);
        sendAll(lane);
        lane.settled(ahead); // given up: it never lands

        assertThat(sendable(lane)).containsExactly(late);
    }

    @Test
    void aLateRecordNeedsOnlyTheLandingOfARecordWithinTheBoundOfItsMark() {
        ShardLane lane = lane(Duration.ofSeconds(1));
        PendingRecord first = add(lane, "a", 0);
        sendAll(lane);
        acknowledge(lane, first);
        PendingRecord second = add(lane, "b", 1_000);
        PendingRecord third = add(lane, "c", 2_000);
        PendingRecord late = add(lane, "late", -5_000);
        sendAll(lane);

        assertThat(sendable(lane)).as("what landed (0 s) is more than the bound short of its mark (2 s)").isEmpty();
        acknowledge(lane, second);
        assertThat(sendable(lane)).as("b at 1 s landed, within the bound of 2 s; c is still in flight").containsExactly(late);
    }

    @Test
    void aRecordBehindByExactlyTheBoundIsNotLate() {
        ShardLane lane = lane(Duration.ofSeconds(1));
        PendingRecord a = add(lane, "a", 5_000);
        PendingRecord atBound = add(lane, "b", 4_000);
        add(lane, "c", 3_999); // 1 ms beyond the bound: late, it waits for a and b

        assertThat(sendable(lane)).containsExactly(a, atBound);
    }

    @Test
    void aRecordWithoutEventTimeIsHeldBackOnlyByItsKeyAndHoldsNoOneBack() {
        ShardLane lane = lane(Duration.ZERO);
        PendingRecord invalid = lane.enqueue(OutgoingRecord.withoutEventTime("invalid-record", bytes("x"), 1), position++);
        PendingRecord first = add(lane, "a", 0);
        PendingRecord later = add(lane, "b", 10);

        assertThat(sendable(lane)).as("before any event time the oldest record sets no mark: only it may go").containsExactly(invalid);
        sendAll(lane);
        lane.settled(invalid);
        assertThat(sendable(lane)).containsExactly(first);
        sendAll(lane);
        PendingRecord invalidAgain = lane.enqueue(OutgoingRecord.withoutEventTime("invalid-record", bytes("y"), 2), position++);
        assertThat(sendable(lane)).containsExactly(invalidAgain);
        lane.settled(first);
        assertThat(sendable(lane)).containsExactly(later, invalidAgain);
    }

    @Test
    void theOldestRecordMayAlwaysGoSoTheLaneMoves() {
        ShardLane lane = lane(Duration.ZERO);
        PendingRecord late = add(lane, "a", 60_000);
        PendingRecord tie = add(lane, "b", 60_000);
        PendingRecord next = add(lane, "c", 60_001);

        assertThat(sendable(lane)).containsExactly(late, tie);
        sendAll(lane);
        lane.settled(late);
        lane.settled(tie);
        assertThat(sendable(lane)).containsExactly(next);
    }

    @Test
    void aRecordBackingOffIsNotSentBeforeItsTime() {
        ShardLane lane = lane(Duration.ofHours(1));
        PendingRecord first = add(lane, "a", 0);
        sendAll(lane);
        lane.retryAfter(first, 1_000);

        RequestBatch early = new RequestBatch();
        lane.collectSendable(999, early);
        assertThat(early.records).isEmpty();
        assertThat(early.earliestRetryNanos()).isEqualTo(1_000);
        RequestBatch due = new RequestBatch();
        lane.collectSendable(1_000, due);
        assertThat(due.records).containsExactly(first);
    }

    @Test
    void aBatchStopsAt500Records() {
        ShardLane lane = lane(Duration.ofHours(1));
        for (int i = 0; i < 501; i++) {
            add(lane, "u" + i, i);
        }
        RequestBatch batch = new RequestBatch();
        lane.collectSendable(0, batch);
        assertThat(batch.records).hasSize(500);
        assertThat(batch.isFull()).isTrue();
    }

    @Test
    void aNewLaneSendsTheRecordsItTookOverBeforeItsOwn() {
        ShardLane parent = lane(Duration.ofSeconds(1));
        PendingRecord old = add(parent, "a", 0);
        sendAll(parent);
        parent.retryAfter(old, 0);
        ShardLane child = new ShardLane("child", HashKeyRange.all(), Duration.ofSeconds(1), parent.highWater());
        child.takeOver(parent.unsettled());
        PendingRecord own = add(child, "b", 5_000);

        assertThat(old.lane).isSameAs(child);
        assertThat(sendable(child)).containsExactly(old);
        sendAll(child);
        child.settled(old);
        assertThat(sendable(child)).containsExactly(own);
    }

    @Test
    void recordsOfMergedLanesTakeTheRunningHighWaterMarkOfBoth() {
        ShardLane left = lane(Duration.ofSeconds(1));
        ShardLane right = lane(Duration.ofSeconds(1));
        PendingRecord ahead = add(right, "r", 60_000);
        PendingRecord behind = add(left, "l", 1_000);
        ShardLane merged = new ShardLane("merged", HashKeyRange.all(), Duration.ofSeconds(1), right.highWater());
        merged.takeOver(List.of(behind, ahead));

        assertThat(behind.highWater).as("the merged input had reached 60 s before it").isEqualTo(T0.plusSeconds(60));
        assertThat(sendable(merged)).as("59 s behind the merged input, it is late there").containsExactly(ahead);
        sendAll(merged);
        acknowledge(merged, ahead);
        assertThat(sendable(merged)).containsExactly(behind);
    }

    private ShardLane lane(Duration bound) {
        return new ShardLane("shardId-000000000000", HashKeyRange.all(), bound, null);
    }

    private PendingRecord add(ShardLane lane, String key, long millis) {
        long line = position + 1;
        return lane.enqueue(OutgoingRecord.event(key, bytes(key + "@" + millis), line, T0.plusMillis(millis)), position++);
    }

    private static List<PendingRecord> sendable(ShardLane lane) {
        RequestBatch batch = new RequestBatch();
        lane.collectSendable(Long.MAX_VALUE, batch);
        return batch.records;
    }

    private static void acknowledge(ShardLane lane, PendingRecord pending) {
        lane.acknowledged(pending);
        lane.settled(pending);
    }

    private static void sendAll(ShardLane lane) {
        sendable(lane).forEach(lane::sent);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

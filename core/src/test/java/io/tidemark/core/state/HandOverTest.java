package io.tidemark.core.state;

import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandOverTest {

    private final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
    private int sequence;

    private StreamRecord record(Event e) {
        return StreamRecord.valid(Integer.toString(++sequence), e.userId(), e.eventTimeMillis(), e);
    }

    private static Instant at(String clock) {
        return Instant.parse("2026-11-23T" + clock + "Z");
    }

    /** A shard after page views and carts of users u0 … u(n−1), ended. */
    private ShardState endedShard(String id, int users, String clock) {
        return endedShard(id, "u", users, clock);
    }

    private ShardState endedShard(String id, String userPrefix, int users, String clock) {
        ShardState state = processor.newState(id);
        List<StreamRecord> records = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            records.add(record(Event.pageView(id + "-v" + u, userPrefix + u, at(clock), "/")));
            records.add(record(Event.addToCart(id + "-c" + u, userPrefix + u, at(clock), "p" + u, 1)));
            if (u % 2 == 0) {
                records.add(record(Event.purchase(id + "-o" + u, userPrefix + u, at(clock), "order-" + u, java.math.BigDecimal.ONE, "USD")));
            }
        }
        processor.step(state, records, WatermarkInputs.at(at(clock).toEpochMilli()), new InMemoryOrderArchive());
        processor.end(state, WatermarkInputs.at(at(clock).toEpochMilli() + 1));
        return state;
    }

    @Test
    void aSplitGivesEachChildTheUsersOfItsRangeAndEveryEventId() {
        ShardState parent = endedShard("shardId-000000000000", 40, "10:00:00");
        List<HashKeyRange> halves = HashKeyRange.all().splitAt(BigInteger.ONE.shiftLeft(127).add(BigInteger.valueOf(7)));

        byte[] before = ShardStateCodec.encode(parent);

        ShardState left = ShardState.handedOver("shardId-000000000001", halves.get(0), List.of(ShardStateCodec.copy(parent)));
        ShardState right = ShardState.handedOver("shardId-000000000002", halves.get(1), List.of(ShardStateCodec.copy(parent)));

        assertThat(left.userCount() + right.userCount()).isEqualTo(40);
        assertThat(left.userCount()).isPositive();
        assertThat(right.userCount()).isPositive();
        for (ShardState child : List.of(left, right)) {
            for (UserState user : child.usersSorted()) {
                assertThat(halves.get(child == left ? 0 : 1).holds(user.userId())).isTrue();
                assertThat(user.activity()).isNotNull();
                int u = Integer.parseInt(user.userId().substring(1));
                assertThat(user.orders()).as("a user's counted orders move with the user")
                        .isEqualTo(u % 2 == 0 ? List.of("order-" + u) : List.of());
                assertThat(user.holdsAllOrders()).as("and so does knowing the order archive holds none of a buyer's orders")
                        .isEqualTo(u % 2 == 0);
            }
        }
        assertThat(left.rememberedEventIds()).as("ids are not tied to a user: each child remembers them all").isEqualTo(100);
        assertThat(left.hasAccepted("shardId-000000000000-v3", left.sealedHorizon())).isTrue();
        assertThat(left.watermark()).isEqualTo(parent.watermark());
        assertThat(left.progress().watermark()).isEqualTo(parent.progress().watermark());
        assertThat(left.ended()).isFalse();
        assertThat(left.appliedSteps()).isZero();
        assertThat(left.totals()).isEqualTo(StepCounts.ZERO);
        assertThat(left.pages()).as("the parent's rows keep its part of every window").isEmpty();
        assertThat(left.arrivals()).isEqualTo(parent.arrivals());
        assertThat(ShardStateCodec.encode(parent)).as("the parent's final state is left as it was").isEqualTo(before);
    }

    @Test
    void aParentHandedOverOnceIsRefusedTheSecondTimeSoNoTwoStatesShareAUser() {
        ShardState parent = endedShard("shardId-000000000000", 4, "10:00:00");
        ShardState.handedOver("shardId-000000000001", HashKeyRange.all(), List.of(parent));

        assertThatThrownBy(() -> ShardState.handedOver("shardId-000000000002", HashKeyRange.all(), List.of(parent)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handed over already")
                .hasMessageContaining("ShardStateCodec.copy");
    }

    @Test
    void aMergedChildTakesBothParentsAndTheLowerClock() {
        ShardState early = endedShard("shardId-000000000000", "a", 5, "10:00:00");
        ShardState late = endedShard("shardId-000000000001", "b", 5, "10:20:00");

        ShardState child = ShardState.handedOver("shardId-000000000002", HashKeyRange.all(), List.of(early, late));

        assertThat(child.usersSorted()).extracting(UserState::userId).containsExactly("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4");
        assertThat(child.rememberedEventIds()).isEqualTo(26);
        assertThat(child.user("b2").orders()).containsExactly("order-2");
        assertThat(child.watermark()).isEqualTo(early.watermark()).isLessThan(late.watermark());
    }

    @Test
    void aParentThatHasNotEndedCannotBeHandedOver() {
        ShardState open = processor.newState("shardId-000000000000");

        assertThatThrownBy(() -> ShardState.handedOver("shardId-000000000001", HashKeyRange.all(), List.of(open)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has not ended");
    }
}

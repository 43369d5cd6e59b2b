package io.tidemark.core;

import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tidemark.testkit.Times.at;
import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ShardProcessor with the spec's defaults (docs/spec.md §3): 2 min watermark delay, 5 min idle timeout, 10 min allowed lateness. */
class ShardProcessorTest {

    private final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
    private final InMemoryOrderArchive archive = new InMemoryOrderArchive();
    private ShardState state = processor.newState("shardId-000000000000");
    private long sequence;
    private long processingTime = ms("10:00");
    private int ids;

    /** A record that arrived as its event happened. */
    private StreamRecord record(Event e) {
        return StreamRecord.valid(Long.toString(++sequence), e.userId(), e.eventTimeMillis(), e);
    }

    private Event view(String user, String time) {
        return Event.pageView("e" + (++ids), user, at(time), "/");
    }

    private StepEffects step(StreamRecord... records) {
        processingTime += 1_000;
        return processor.step(state, List.of(records), WatermarkInputs.at(processingTime), archive).effects();
    }

    private StepEffects tick(WatermarkInputs inputs) {
        return processor.tick(state, inputs).effects();
    }

    @Test
    void recordsAreClassifiedRejectedThenLateThenDuplicateThenAccepted() {
        Event early = view("u1", "10:19");
        step(record(view("u1", "10:20")), record(early)); // W = 10:18, H = 10:08
        Event first = view("u1", "10:30");
        step(record(first)); // W = 10:28, H = 10:18

        StreamRecord invalid = StreamRecord.rejected(Long.toString(++sequence), "u1", processingTime, List.of("type: unknown 'teleport'"),
                "{\"type\":\"teleport\"}".getBytes(StandardCharsets.UTF_8));
        Event tooOld = view("u2", "10:17:59.999");
        Event allowedLate = view("u2", "10:18");
        StepEffects effects = step(invalid, record(tooOld), record(first), record(allowedLate), record(view("u3", "10:35")));

        assertThat(effects.rejected()).singleElement().satisfies(r -> assertThat(r.rejectionReasons()).containsExactly("type: unknown 'teleport'"));
        assertThat(effects.late()).singleElement().satisfies(l -> {
            assertThat(l.record().event()).isEqualTo(tooOld);
            assertThat(l.horizon()).isEqualTo(ms("10:18"));
            assertThat(l.reason()).contains("2026-11-23T10:17:59.999Z").contains("before the lateness horizon 2026-11-23T10:18:00Z");
        });
        assertThat(effects.counts().duplicates()).isEqualTo(1);
        assertThat(effects.counts().accepted()).isEqualTo(2);
        assertThat(effects.watermark()).isEqualTo(ms("10:33"));
        assertThat(effects.sealedHorizon()).isEqualTo(ms("10:23"));

        // A copy of an accepted event that now lies before the horizon is late, not a duplicate: lateness is checked first.
        StepEffects again = step(record(early));
        assertThat(again.late()).hasSize(1);
        assertThat(again.counts().duplicates()).isZero();
        assertThat(state.totals().accepted() + state.totals().duplicates() + state.totals().rejected() + state.totals().late()).isEqualTo(9);
    }

    @Test
    void theWatermarkAdvancesAfterEveryAcceptedEventNotPerBatch() {
        StepEffects oneBatch = step(record(view("u1", "10:00")), record(view("u1", "10:30")), record(view("u1", "10:05")));

        // After 10:30: W = 10:28, H = 10:18, so 10:05 in the same batch is already late.
        assertThat(oneBatch.late()).extracting(l -> l.record().event().timestamp()).containsExactly(at("10:05"));
    }

    @Test
    void reDeliveredRecordsAreSkippedComparingSequenceNumbersNumerically() {
        sequence = 8;
        StreamRecord nine = record(view("u1", "10:00"));
        StreamRecord ten = record(view("u1", "10:01"));
        assertThat(nine.sequenceNumber()).isEqualTo("9");
        assertThat(ten.sequenceNumber()).isEqualTo("10");

        step(nine);
        StepEffects second = step(ten); // "10" < "9" as text, but not as a number
        StepEffects retry = step(nine, ten);

        assertThat(second.counts().accepted()).isEqualTo(1);
        assertThat(retry.counts()).satisfies(c -> {
            assertThat(c.skipped()).isEqualTo(2);
            assertThat(c.accepted() + c.duplicates() + c.late() + c.rejected()).isZero();
        });
        assertThat(retry.changedPages()).isEmpty();
    }

    @Test
    void aProducerDuplicateHasANewSequenceNumberButASeenEventId() {
        Event e = view("u1", "10:00");
        step(record(e));

        StepEffects dup = step(record(e));

        assertThat(dup.counts().duplicates()).isEqualTo(1);
        assertThat(dup.counts().skipped()).isZero();
        assertThat(dup.changedPages()).isEmpty();
    }

    @Test
    void eventIdsAreForgottenOnceTheHorizonPassesThem() {
        step(record(view("u1", "10:00")), record(view("u1", "10:01")));
        assertThat(state.rememberedEventIds()).isEqualTo(2);

        step(record(view("u1", "10:13"))); // W = 10:11, H = 10:01: the 10:00 minute is settled
        assertThat(state.rememberedEventIds()).isEqualTo(2);

        step(record(view("u1", "10:30")));
        assertThat(state.rememberedEventIds()).isEqualTo(1);
    }

    @Test
    void prepareDoesNotTouchTheStateAndAsksTheArchiveOnlyAboutOrdersItsUserDoesNotHold() {
        step(record(view("u1", "10:00")));
        byte[] before = ShardStateCodec.encode(state);
        Event p1 = Event.purchase("p1", "u1", at("10:01"), "o-1", new BigDecimal("20.00"), "USD");
        Event p2 = Event.purchase("p2", "u1", at("10:02"), "o-1", new BigDecimal("99.00"), "USD");
        Event p3 = Event.purchase("p3", "u1", at("10:03"), "o-2", new BigDecimal("5.25"), "USD");

        PreparedStep prepared = processor.prepare(state, List.of(record(p1), record(p2), record(p3)), WatermarkInputs.at(processingTime));

        assertThat(ShardStateCodec.encode(state)).isEqualTo(before);
        assertThat(prepared.orderLookups()).containsExactly(new OrderKey("u1", "o-1"), new OrderKey("u1", "o-2"));
        assertThat(prepared.customerLookups()).containsExactly("u1");
        assertThatThrownBy(() -> processor.complete(state, prepared, OrderArchive.Answer.NOTHING_ASKED, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tier for user_id 'u1'");

        // o-2 counted before u1's orders left memory: only the archive knows.
        StepEffects effects = processor.complete(state, prepared, new OrderArchive.Answer(Set.of(new OrderKey("u1", "o-2")), Set.of()),
                Map.of("u1", "gold")).effects();

        HourPage page = effects.changedPages().get(0);
        assertThat(page.revenue()).isEqualByComparingTo("20.00"); // p2 repeats o-1 in the same step, p3 repeats an archived order
        assertThat(page.orders()).isEqualTo(1);
        assertThat(page.revenueByTier()).containsExactly(Map.entry("gold", new TierRevenue(new BigDecimal("20.00"), 1)));
        assertThat(effects.counts().accepted()).isEqualTo(3);
        assertThat(state.user("u1").orders()).containsExactly("o-1");
        assertThatThrownBy(() -> processor.complete(state, prepared, OrderArchive.Answer.NOTHING_ASKED, Map.of("u1", "gold")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("prepare again");

        Event p4 = Event.purchase("p4", "u1", at("10:04"), "o-1", new BigDecimal("20.00"), "USD");
        assertThat(processor.prepare(state, List.of(record(p4)), WatermarkInputs.at(processingTime)).orderLookups())
                .as("an order the user's state holds is decided without asking").isEmpty();
    }

    @Test
    void aUserTheArchiveHoldsNothingOfIsNotAskedAgainWhileItsStateHoldsItsOrders() {
        step(record(Event.purchase("a", "u1", at("10:00"), "o-1", new BigDecimal("1.00"), "USD")));
        assertThat(archive.lookups()).as("a user new to the state: the archive is asked once").isEqualTo(1);
        assertThat(state.user("u1").holdsAllOrders()).isTrue();

        Event next = Event.purchase("b", "u1", at("10:01"), "o-2", new BigDecimal("2.00"), "USD");
        assertThat(processor.prepare(state, List.of(record(next)), WatermarkInputs.at(processingTime)).orderLookups())
                .as("a new order of a user whose state holds all its orders").isEmpty();

        // A user whose orders are in the archive is asked about every order it does not hold.
        archive.keep("shardId-000000000000", 1, List.of(new OrderKey("u9", "o-0")));
        step(record(Event.purchase("c", "u9", at("10:02"), "o-5", new BigDecimal("5.00"), "USD")));
        assertThat(state.user("u9").holdsAllOrders()).isFalse();
        Event again = Event.purchase("d", "u9", at("10:03"), "o-0", new BigDecimal("5.00"), "USD");
        assertThat(processor.prepare(state, List.of(record(again)), WatermarkInputs.at(processingTime)).orderLookups())
                .containsExactly(new OrderKey("u9", "o-0"));
    }

    @Test
    void aUserWhoseOrdersOverflowInTheStepThatAskedIsAskedAgain() {
        StreamRecord[] purchases = new StreamRecord[65]; // one more than a user's order memory holds
        for (int i = 0; i < purchases.length; i++) {
            purchases[i] = record(Event.purchase("q" + i, "u1", at("10:00"), "o-" + i, new BigDecimal("1.00"), "USD"));
        }
        StepEffects effects = step(purchases);
        assertThat(effects.archivedOrders()).as("the first 64 orders left memory with this step").hasSize(64);
        assertThat(state.user("u1").holdsAllOrders()).as("the archive answered 'nothing of u1' before this step filled it").isFalse();

        Event again = Event.purchase("r", "u1", at("10:01"), "o-0", new BigDecimal("1.00"), "USD");
        assertThat(processor.prepare(state, List.of(record(again)), WatermarkInputs.at(processingTime)).orderLookups())
                .containsExactly(new OrderKey("u1", "o-0"));
        processingTime += 1_000;
        StepResult repeated = processor.step(state, List.of(record(again)), WatermarkInputs.at(processingTime), archive);
        assertThat(repeated.log().accepted()).as("o-0 counted once").noneMatch(AcceptedEvent::orderCounted);
    }

    @Test
    void twoUsersSharingAnOrderIdEachCountTheirOwnOrder() {
        StepEffects effects = step(record(Event.purchase("a", "u1", at("10:00"), "1001", new BigDecimal("10.00"), "USD")),
                record(Event.purchase("b", "u2", at("10:01"), "1001", new BigDecimal("7.50"), "USD")),
                record(Event.purchase("c", "u2", at("10:02"), "1001", new BigDecimal("7.50"), "USD")));

        assertThat(effects.changedPages()).filteredOn(p -> p.orders() > 0).singleElement().satisfies(p -> {
            assertThat(p.revenue()).isEqualByComparingTo("17.50");
            assertThat(p.orders()).isEqualTo(2);
        });
        StepEffects later = step(record(Event.purchase("d", "u1", at("10:05"), "1001", new BigDecimal("10.00"), "USD")));
        assertThat(later.changedPages()).filteredOn(p -> p.orders() > 0).singleElement().satisfies(p -> assertThat(p.orders()).isEqualTo(2));
    }

    @Test
    void anOrderRepeatedDaysLaterAfterItsUserLeftMemoryCountsOnce() {
        step(record(Event.purchase("a", "u1", at("10:00"), "o-7", new BigDecimal("42.00"), "USD")));
        assertThat(state.user("u1").orders()).containsExactly("o-7");

        // Other users' traffic moves time on; a day after u1's order (the order memory) u1 leaves memory,
        // and its order goes to the archive as the step's effect.
        List<OrderKey> archived = new ArrayList<>();
        Instant t = at("10:00");
        for (int hour = 1; hour <= 30; hour++) {
            t = t.plus(Duration.ofHours(1));
            archived.addAll(step(record(Event.pageView("v" + hour, "u2", t, "/"))).archivedOrders());
        }
        assertThat(state.user("u1")).as("u1 went quiet and left memory").isNull();
        assertThat(archived).containsExactly(new OrderKey("u1", "o-7"));
        assertThat(archive.size()).isEqualTo(1);

        Instant days = at("10:00").plus(Duration.ofDays(3));
        StepEffects again = step(record(Event.purchase("b", "u1", days, "o-7", new BigDecimal("42.00"), "USD")),
                record(Event.purchase("c", "u1", days.plusSeconds(1), "o-8", new BigDecimal("1.00"), "USD")),
                record(Event.purchase("d", "u3", days.plusSeconds(2), "o-7", new BigDecimal("2.00"), "USD")));
        assertThat(again.counts().accepted()).isEqualTo(3);
        assertThat(again.changedPages()).filteredOn(p -> p.orders() > 0).singleElement().satisfies(p -> {
            assertThat(p.revenue()).as("o-8 of u1 and o-7 of u3 count; o-7 of u1 counted three days before").isEqualByComparingTo("3.00");
            assertThat(p.orders()).isEqualTo(2);
        });
    }

    @Test
    void atTheEndOfInputOrdersLeaveMemoryWithoutTheArchiveNothingCanCountAgain() {
        step(record(Event.purchase("a", "u1", at("10:00"), "o-7", new BigDecimal("42.00"), "USD")));

        StepEffects end = tick(WatermarkInputs.at(processingTime + 1).withEndOfInput());

        assertThat(state.user("u1")).isNull();
        assertThat(end.archivedOrders()).isEmpty();
        StepEffects late = step(record(Event.purchase("b", "u1", at("10:01"), "o-8", new BigDecimal("1.00"), "USD")));
        assertThat(late.counts().late()).as("every later event is late").isEqualTo(1);
    }

    @Test
    void anOrderIdCountsOnceEverAcrossSteps() {
        step(record(Event.purchase("a", "u1", at("10:00"), "o-9", new BigDecimal("10.50"), "USD")));
        StepEffects again = step(record(Event.purchase("b", "u1", at("10:05"), "o-9", new BigDecimal("10.50"), "USD")));

        assertThat(again.counts().accepted()).isEqualTo(1);
        assertThat(again.changedPages()).singleElement().satisfies(p -> {
            assertThat(p.revenue()).isEqualByComparingTo("10.50");
            assertThat(p.orders()).isEqualTo(1);
        });
    }

    @Test
    void theSweeperFiresACartTimerWhenNoRecordsFlow() {
        processingTime = ms("10:00:05") - 1_000;
        step(record(Event.addToCart("a1", "u1", at("10:00"), "p1", 1)));

        // One shard, idle after 5 min: W = (10:00 − 2 min) + silence. The deadline 10:30 needs H ≥ 10:30, W ≥ 10:40.
        StepEffects early = tick(WatermarkInputs.at(ms("10:42:04")));
        StepEffects due = tick(WatermarkInputs.at(ms("10:42:05")));

        assertThat(early.alerts()).isEmpty();
        assertThat(due.alerts()).singleElement().satisfies(a -> {
            assertThat(a.userId()).isEqualTo("u1");
            assertThat(a.products()).containsExactly("p1");
        });
        assertThat(due.watermark()).isEqualTo(ms("10:40"));
        assertThat(tick(WatermarkInputs.at(ms("11:42"))).alerts()).isEmpty(); // exactly once
    }

    @Test
    void endOfInputMakesEverythingFinal() {
        step(record(Event.addToCart("a1", "u1", at("10:00"), "p1", 1)), record(view("u2", "10:01")));

        StepEffects end = tick(WatermarkInputs.at(processingTime + 1).withEndOfInput());

        assertThat(end.watermark()).isEqualTo(Timestamps.POSITIVE_INFINITY);
        assertThat(end.sealedHorizon()).isEqualTo(Timestamps.POSITIVE_INFINITY);
        assertThat(end.alerts()).hasSize(1);
        assertThat(end.closedSessions()).extracting(s -> s.userId()).containsExactly("u1", "u2");
        assertThat(state.userCount()).isZero();
        assertThat(state.pages()).isEmpty();
        assertThat(state.rememberedEventIds()).isZero();
    }

    @Test
    void aBatchWritesOneRowPerTouchedHourNotOnePerEvent() {
        List<StreamRecord> batch = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < 300; i++) {
            String time = String.format("10:%02d:%02d", 10 + i * 8 / 60, i * 8 % 60); // in order, 10:10 to 10:49:52
            if (i % 10 == 0) {
                BigDecimal amount = new BigDecimal(i + ".99");
                expected = expected.add(amount);
                batch.add(record(Event.purchase("buy" + i, "u" + (i % 50), at(time), "o" + i, amount, "USD")));
            } else {
                batch.add(record(view("u" + (i % 50), time)));
            }
        }

        StepEffects effects = step(batch.toArray(StreamRecord[]::new));

        BigDecimal revenue = expected;
        long usersFrom1020To1025 = batch.stream().map(StreamRecord::event)
                .filter(e -> !e.timestamp().isBefore(at("10:20")) && e.timestamp().isBefore(at("10:25")))
                .map(Event::userId).distinct().count();
        assertThat(effects.counts().accepted()).isEqualTo(300);
        assertThat(effects.changedPages()).singleElement().satisfies(p -> {
            assertThat(p.pageStart()).isEqualTo(at("10:00"));
            assertThat(p.revenue()).isEqualTo(revenue);
            assertThat(p.orders()).isEqualTo(30);
            assertThat(p.activeUsers(20)).isEqualTo(usersFrom1020To1025).isEqualTo(38); // the window [10:20, 10:25)
        });
    }

    @Test
    void theSameInputsGiveTheSameOutputs() {
        step(record(Event.addToCart("a1", "u1", at("10:00"), "p1", 1)), record(view("u2", "10:01")));
        ShardState copy = ShardStateCodec.copy(state);
        List<StreamRecord> batch = List.of(record(view("u1", "10:45")), record(Event.purchase("b", "u2", at("10:41"), "o", BigDecimal.ONE, "USD")));
        WatermarkInputs inputs = WatermarkInputs.at(processingTime + 5);

        StepResult a = processor.step(state, batch, inputs, new InMemoryOrderArchive());
        StepResult b = processor.step(copy, batch, inputs, new InMemoryOrderArchive());

        assertThat(a.effects()).isEqualTo(b.effects());
        assertThat(a.log()).isEqualTo(b.log());
        assertThat(ShardStateCodec.encode(a.state())).isEqualTo(ShardStateCodec.encode(b.state()));
        assertThat(a.effects().alerts()).hasSize(1);
    }

    @Test
    void peersHoldTheWatermarkBackUntilTheyGoIdleOrEnd() {
        ShardProgress slowPeer = new ShardProgress("shardId-1", ms("09:00"), processingTime, false);
        StepEffects held = processor.step(state, List.of(record(view("u1", "10:30"))),
                WatermarkInputs.at(processingTime + 1_000).withPeers(List.of(slowPeer)), archive).effects();
        assertThat(held.watermark()).isEqualTo(ms("09:00"));
        assertThat(held.progress().watermark()).isEqualTo(ms("10:28")); // its own, for the peers

        ShardProgress endedPeer = new ShardProgress("shardId-1", ms("09:00"), processingTime, true);
        StepEffects released = tick(WatermarkInputs.at(processingTime + 2_000).withPeers(List.of(endedPeer)));
        assertThat(released.watermark()).isEqualTo(ms("10:28"));
    }

    @Test
    void aStaleHeadRowOfTheShardItselfAmongThePeersIsIgnored() {
        ShardProgress staleSelf = new ShardProgress(state.shardId(), ms("08:00"), processingTime, false);

        StepEffects effects = processor.step(state, List.of(record(view("u1", "10:30"))),
                WatermarkInputs.at(processingTime + 1_000).withPeers(List.of(staleSelf)), archive).effects();

        assertThat(effects.watermark()).isEqualTo(ms("10:28"));
    }

    @Test
    void anEndedShardSettlesNothingPublishesThatItEndedAndTakesNoMoreSteps() {
        step(record(Event.addToCart("a1", "u1", at("10:00"), "p1", 1)), record(view("u1", "10:05")));

        // Hours later, with no peer holding time back: a live shard would abandon u1's cart and close the session.
        StepEffects ended = processor.end(state, WatermarkInputs.at(processingTime + 3_600_000)).effects();

        assertThat(ended.alerts()).as("the cart is the children's now").isEmpty();
        assertThat(ended.closedSessions()).isEmpty();
        assertThat(ended.changedPages()).isEmpty();
        assertThat(ended.progress().ended()).isTrue();
        assertThat(state.ended()).isTrue();
        assertThat(state.user("u1").cart()).as("the final state keeps the user for the hand-over").isNotNull();
        assertThatThrownBy(() -> step(record(view("u1", "10:06")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handed over to its children");
        assertThatThrownBy(() -> tick(WatermarkInputs.at(processingTime + 7_200_000))).isInstanceOf(IllegalStateException.class);
    }

    private StepEffects redrive(String batch, StreamRecord... records) {
        processingTime += 1_000;
        var prepared = processor.prepare(state, List.of(records), WatermarkInputs.at(processingTime), batch);
        OrderArchive.Answer archived = prepared.orderLookups().isEmpty() ? OrderArchive.Answer.NOTHING_ASKED
                : archive.archived(prepared.orderLookups());
        Map<String, String> tiers = new java.util.HashMap<>();
        prepared.customerLookups().forEach(u -> tiers.put(u, "unknown"));
        var result = processor.complete(state, prepared, archived, tiers);
        byte[] snapshot = ShardStateCodec.encode(state);
        assertThat(ShardStateCodec.encode(ShardStateCodec.decode(snapshot, CoreSettings.defaults()))).as("the redriven batch is in the snapshot")
                .isEqualTo(snapshot);
        return result.effects();
    }

    @Test
    void aFailedBatchBelowLaterMarksIsJudgedAndCountedWhenRedrivenAndASecondRedriveChangesNothing() {
        StreamRecord before = record(view("u1", "10:00"));
        StreamRecord failedView = record(view("u1", "10:01"));
        StreamRecord failedInvalid = StreamRecord.rejected(Long.toString(++sequence), "u2", processingTime, List.of("type: unknown 'x'"), new byte[] {'{'});
        StreamRecord failedCopy = record(before.event()); // a producer's retry of an event already accepted
        StreamRecord after = record(view("u1", "10:02"));
        StreamRecord afterU2 = record(view("u2", "10:03"));
        step(before);
        // Lambda gave up on the batch [failedView … failedCopy]; the shard went on with later records of the same users.
        step(after, afterU2);
        StepEffects redelivered = step(failedView, failedInvalid, failedCopy);
        assertThat(redelivered.counts().skipped()).as("by the marks alone the failed batch looks applied").isEqualTo(3);

        StepEffects redriven = redrive("shardId-000000000000:2-4", failedView, failedInvalid, failedCopy);

        assertThat(redriven.counts().accepted()).isEqualTo(1);
        assertThat(redriven.counts().rejected()).isEqualTo(1);
        assertThat(redriven.counts().duplicates()).isEqualTo(1);
        assertThat(redriven.counts().skipped()).isZero();
        assertThat(redriven.rejected()).singleElement().satisfies(r -> assertThat(r.sequenceNumber()).isEqualTo("3"));
        assertThat(state.totals().accepted()).isEqualTo(4);

        StepEffects again = redrive("shardId-000000000000:2-4", failedView, failedInvalid, failedCopy);
        assertThat(again.counts().skipped()).isEqualTo(3);
        assertThat(again.counts().accepted() + again.counts().rejected() + again.counts().duplicates() + again.counts().late()).isZero();
        assertThat(again.changedPages()).isEmpty();
        assertThat(state.totals().accepted()).isEqualTo(4);
    }

    @Test
    void aRedriveMarksEachKeyOnlyUpToItsOwnRecordsAndARedrivenRecordBehindTheHorizonIsLate() {
        StreamRecord failed = record(view("u1", "10:00"));
        StreamRecord failedAlone = record(view("u9", "10:00:30")); // no later record of u9 on the shard
        step(record(view("u1", "10:30"))); // W = 10:28, H = 10:18
        String markBefore = state.sequences().entriesSorted().get(0).getValue().sequenceNumber();

        StepEffects redriven = redrive("shardId-000000000000:1-2", failed, failedAlone);

        assertThat(redriven.late()).extracting(l -> l.record().sequenceNumber()).containsExactly("1", "2");
        assertThat(state.sequences().entriesSorted()).extracting(e -> e.getKey() + "@" + e.getValue().sequenceNumber())
                .as("u1 keeps its later mark; u9 is marked at its own record").containsExactly("u1@" + markBefore, "u9@2");
        StreamRecord next = record(view("u1", "10:31"));
        assertThat(step(next).counts().accepted()).as("the key's next record is not mistaken for applied").isEqualTo(1);
        assertThat(step(next).counts().skipped()).as("and its re-delivery still is").isEqualTo(1);
        assertThat(step(failed, failedAlone).counts().skipped()).as("a re-read of the stream skips the redriven records").isEqualTo(2);
    }

    @Test
    void aRedriveOnAnotherShardThanItsBatchesMarksNothing() {
        step(record(view("u1", "10:30")));
        String markBefore = state.sequences().entriesSorted().get(0).getValue().sequenceNumber();

        redrive("shardId-000000000007:900-901", record(view("u2", "10:29")), record(view("u1", "10:29:30")));

        assertThat(state.sequences().entriesSorted()).extracting(e -> e.getKey() + "@" + e.getValue().sequenceNumber())
                .as("sequence numbers of another shard do not compare with this one's").containsExactly("u1@" + markBefore);
    }

    @Test
    void aBatchRedrivenOnAParentIsNotTakenInAgainByItsChildren() {
        StreamRecord failed = record(view("u1", "10:00"));
        step(record(view("u1", "10:01")));
        redrive("shardId-000000000000:1-1", failed);
        processor.end(state, WatermarkInputs.at(processingTime + 1_000));

        ShardState child = ShardState.handedOver("shardId-000000000001", io.tidemark.core.stream.HashKeyRange.all(), List.of(state));

        assertThat(child.redriven().contains("shardId-000000000000:1-1")).isTrue();
        assertThat(processor.prepare(child, List.of(failed), WatermarkInputs.at(processingTime + 2_000), "shardId-000000000000:1-1").skipped())
                .isEqualTo(1);
    }

    @Test
    void aRecordWhosePartitionKeyIsNotItsUserIsRejectedWithTheReason() {
        Event e = view("u1", "10:00");

        StepEffects effects = step(StreamRecord.valid("1", "someone-else", e.eventTimeMillis(), e));

        assertThat(effects.rejected()).singleElement().extracting(StreamRecord::rejectionReasons).asList()
                .singleElement().asString().contains("partition key 'someone-else' is not the event's user_id 'u1'");
        assertThat(effects.counts().accepted()).isZero();
    }

    @Test
    void anEventFarAheadOfItsArrivalIsRejectedAndNeverMovesTheWatermark() {
        step(record(view("u1", "10:00")));
        Event future = Event.pageView("far", "u2", java.time.Instant.parse("9999-12-31T00:00:00Z"), "/");
        Event slightlyAhead = view("u3", "10:04");

        StepEffects effects = step(StreamRecord.valid("50", "u2", ms("10:01"), future), StreamRecord.valid("51", "u3", ms("10:01"), slightlyAhead));

        assertThat(effects.rejected()).singleElement().satisfies(r -> {
            assertThat(r.event()).isNull();
            assertThat(r.rejectionReasons()).singleElement().asString().startsWith("timestamp: 9999-12-31T00:00:00Z is ")
                    .contains("ahead of the record's arrival at 2026-11-23T10:01:00Z").contains("check the producer's clock");
        });
        assertThat(effects.counts().accepted()).as("3 min ahead is within the default 5 min").isEqualTo(1);
        assertThat(effects.watermark()).isEqualTo(ms("10:02"));
    }

    @Test
    void aValidatedEventTheCoreCannotUseIsRejectedWithTheFieldNamed() {
        Event noAmount = new Event("x1", io.tidemark.events.EventType.PURCHASE, "u1", at("10:00"), null, null, 0, "o-1", null, null, null);
        Event noProduct = new Event("x2", io.tidemark.events.EventType.ADD_TO_CART, "u1", at("10:00"), null, null, 1, null, null, null, null);

        StepEffects effects = step(record(noAmount), record(noProduct));

        assertThat(effects.rejected()).extracting(StreamRecord::rejectionReasons)
                .containsExactly(List.of("amount: required for purchase"), List.of("product_id: required for add_to_cart"));
        assertThat(effects.counts().rejected()).isEqualTo(2);
    }

    @Test
    void aStateFromOtherSettingsIsRefused() {
        ShardProcessor other = new ShardProcessor(CoreSettings.of(new io.tidemark.core.settings.EventTimeSettings(java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(10))));

        assertThatThrownBy(() -> other.tick(state, WatermarkInputs.at(processingTime)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2M");
    }
}

package io.tidemark.dynamodb;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The business-metric deltas of a step, from its log entry and the pages and horizon before it: pure, no store. */
class StepMetricDeltasTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
    private final ShardState state = processor.newState("shardId-000000000000");
    private final InMemoryOrderArchive archive = new InMemoryOrderArchive();
    private long sequence;

    @Test
    void aStepCountsItsOrdersAndAdEventsAndTheEndOfInputMakesTheWindowsFinalAndTheClickAttributed() {
        StepMetricDeltas first = step(WatermarkInputs.at(T0.toEpochMilli() + 5_000),
                Event.pageView("v1", "u1", T0, "/"),
                Event.pageView("v2", "u2", T0, "/"),
                Event.purchase("p1", "u1", T0.plusSeconds(1), "o-1", new BigDecimal("10.25"), "USD"),
                Event.purchase("p2", "u2", T0.plusSeconds(2), "o-2", new BigDecimal("4.75"), "USD"),
                Event.purchase("p3", "u2", T0.plusSeconds(3), "o-2", new BigDecimal("4.75"), "USD"), // the same order again: not counted
                Event.adImpression("i1", "u1", T0.plusSeconds(4), "ad-1"),
                Event.adClick("c1", "u1", T0.plusSeconds(5), "ad-1"));

        assertThat(first.revenue()).isEqualByComparingTo("15.00");
        assertThat(first.orders()).isEqualTo(2);
        assertThat(first.joins().impressions()).isEqualTo(1);
        assertThat(first.joins().clicks()).isEqualTo(1);
        assertThat(first.joins().attributedClicks()).as("a click is attributed once the horizon passes it").isZero();
        assertThat(first.joins().revenueByTier()).containsOnlyKeys("unknown");
        assertThat(first.joins().revenueByTier().get("unknown").revenue()).isEqualByComparingTo("15.00");
        assertThat(first.finalWindows()).as("nothing is final yet").isEmpty();

        StepMetricDeltas last = step(WatermarkInputs.at(T0.toEpochMilli() + 10_000).withEndOfInput());

        assertThat(last.revenue()).isEqualByComparingTo("0");
        assertThat(last.orders()).isZero();
        assertThat(last.joins().attributedClicks()).isEqualTo(1);
        assertThat(last.finalWindows()).as("the five 5-minute windows sliding by a minute that hold 10:00, each with both users")
                .hasSize(5).allSatisfy(w -> assertThat(w.users()).isEqualTo(2));
    }

    private StepMetricDeltas step(WatermarkInputs inputs, Event... events) {
        List<StreamRecord> records = new ArrayList<>();
        for (Event e : events) {
            sequence++;
            records.add(StreamRecord.valid(String.valueOf(1_000 + sequence), e.userId(), T0.toEpochMilli() + sequence, e));
        }
        StepMetricDeltas.Before before = StepMetricDeltas.before(state);
        StepResult result = processor.step(state, records, inputs, archive);
        return StepMetricDeltas.of(before, result.log(), result.effects());
    }
}

package io.tidemark.dynamodb;

import io.tidemark.core.ShardProcessor;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bisection for the record that makes the pure step fail, on the embedded store: found, and nothing written. */
class PoisonRecordSearchTest {

    private static final String SHARD = "shardId-000000000000";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final StepExecutor executor = new StepExecutor(TestStores.store(TestStores.freshTables("poison-search")),
            new ShardProcessor(CoreSettings.defaults()));
    private long sequence;

    @Test
    void theFirstRecordThatBreaksTheStepIsFoundWhereverItIsAndNothingIsWritten() {
        List<StreamRecord> first = views(5);
        first.add(purchase(new BigDecimal("10.00")));
        executor.run(StepExecutor.StepRequest.records(SHARD, first, T0.toEpochMilli()));
        long stepBefore = executor.store().heads().readAll().get(0).step();

        for (int at : new int[] {0, 1, 6, 9}) {
            List<StreamRecord> batch = views(10);
            batch.set(at, purchaseBeyondAnySum());
            if (at + 1 < batch.size()) {
                batch.set(at + 1, purchaseBeyondAnySum()); // a second bad record after it: the first is the one reported
            }
            assertThat(executor.firstFailingRecord(SHARD, batch, T0.toEpochMilli() + 1_000)).as("poison at " + at).isEqualTo(at);
        }
        assertThat(executor.firstFailingRecord(SHARD, views(10), T0.toEpochMilli() + 1_000)).as("a batch that steps fine").isEqualTo(-1);
        assertThat(executor.store().heads().readAll().get(0).step()).as("the search commits nothing").isEqualTo(stepBefore);
    }

    private List<StreamRecord> views(int n) {
        List<StreamRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String user = "u" + (i % 3);
            out.add(record(Event.pageView("v-" + sequence, user, T0.plusSeconds(sequence), "/")));
        }
        return out;
    }

    /**
     * Valid, but breaks the step: an amount of 10^1 000 000 000 cannot be added to the hour's revenue
     * in cents (the sum would need more digits than a {@code BigDecimal} holds).
     */
    private StreamRecord purchaseBeyondAnySum() {
        return purchase(new BigDecimal(BigInteger.ONE, -1_000_000_000));
    }

    private StreamRecord purchase(BigDecimal amount) {
        return record(Event.purchase("p-" + sequence, "u1", T0.plusSeconds(sequence), "o-" + sequence, amount, "USD"));
    }

    private StreamRecord record(Event e) {
        sequence++;
        return StreamRecord.valid(String.valueOf(1_000 + sequence), e.userId(), T0.toEpochMilli() + sequence, e);
    }
}

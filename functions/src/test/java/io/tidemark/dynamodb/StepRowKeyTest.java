package io.tidemark.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sort keys of a step's row in parts: their form, their order, and the query of the steps after one. */
class StepRowKeyTest {

    @Test
    void aPartsSortKeyIsThePrefixTheStepIn20DigitsAndThePartIn4() {
        StepRowKey key = StepRowKey.of("alerts#shardId-000000000001", 42);
        assertThat(key.sk(3)).isEqualTo("step#00000000000000000042#0003");
        assertThat(key.stepSk()).isEqualTo("step#00000000000000000042");
        assertThat(new StepRowKey("shard#s", "snap#", 7).sk(0)).isEqualTo("snap#00000000000000000007#0000");
        assertThat(new StepRowKey("shard#s", "logpart#", 7).sk("9f86d081884c7d65", 2)).isEqualTo("logpart#00000000000000000007#9f86d081884c7d65#0002");
        assertThat(new StepRowKey("orders#u1", "shardId-1#step#", Long.MAX_VALUE).sk(9999))
                .isEqualTo("shardId-1#step#09223372036854775807#9999");
    }

    @Test
    void sortKeysSortByStepThenPartAsStrings() {
        List<String> inOrder = new ArrayList<>();
        for (long step : new long[] {0, 1, 9, 10, 99, 100, 123_456_789_012L, Long.MAX_VALUE}) {
            for (int part : new int[] {0, 1, 9, 10, 999, 9999}) {
                inOrder.add(StepRowKey.of("p", step).sk(part));
            }
        }
        assertThat(inOrder).isSorted();
    }

    @Test
    void theStepsAfterAStepAreEveryPartOfEveryLaterStepAndNoneOfItsOwn() {
        KeyQuery query = StepRowKey.stepsAfter("sessions#s1", StepRowKey.STEP, 5);
        assertThat(query.partition()).isEqualTo("sessions#s1");
        assertThat(query.ascending()).isTrue();
        for (String inside : List.of(StepRowKey.of("p", 6).sk(0), StepRowKey.of("p", 6).sk(9999), StepRowKey.of("p", Long.MAX_VALUE).sk(9999))) {
            assertThat(inside).isBetween(query.fromSortKey(), query.toSortKey());
        }
        for (String outside : List.of(StepRowKey.of("p", 5).sk(9999), StepRowKey.of("p", 0).sk(0), new StepRowKey("p", "snap#", 6).sk(0))) {
            assertThat(outside.compareTo(query.fromSortKey()) < 0 || outside.compareTo(query.toSortKey()) > 0).as(outside).isTrue();
        }
    }
}

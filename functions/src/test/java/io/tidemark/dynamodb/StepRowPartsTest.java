package io.tidemark.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A step's row cut into parts and put back together: the cut, the attributes of each part, rows gathered from a scan. */
class StepRowPartsTest {

    @Test
    void aValueIsCutIntoPartsOfAtMost350KbThatJoinBackToIt() {
        for (int size : new int[] {1, StepRowParts.MAX_PART - 1, StepRowParts.MAX_PART, StepRowParts.MAX_PART + 1, 3 * StepRowParts.MAX_PART + 7}) {
            byte[] value = bytes(size, size);
            List<byte[]> parts = StepRowParts.split(value);
            assertThat(parts).as("%d bytes", size).hasSize((size + StepRowParts.MAX_PART - 1) / StepRowParts.MAX_PART);
            assertThat(parts).allSatisfy(p -> assertThat(p.length).isBetween(1, StepRowParts.MAX_PART));
            assertThat(StepRowParts.join(parts)).isEqualTo(value);
        }
        assertThat(StepRowParts.split(new byte[0])).as("an empty value is one empty part").singleElement()
                .satisfies(p -> assertThat(p).isEmpty());
    }

    @Test
    void eachPartCarriesItsKeyStepNumberCountAndData() {
        List<byte[]> data = List.of(new byte[] {1}, new byte[] {2, 3}, new byte[0]);
        List<Map<String, AttributeValue>> items = StepRowParts.items(StepRowKey.of("quarantine#s1", 12), StepRowParts.STEP, data);
        assertThat(items).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Map<String, AttributeValue> item = items.get(i);
            assertThat(item).containsOnlyKeys("pk", "sk", "step", "part", "parts", "data");
            assertThat(item.get("pk").s()).isEqualTo("quarantine#s1");
            assertThat(item.get("sk").s()).isEqualTo(StepRowKey.of("quarantine#s1", 12).sk(i));
            assertThat(item.get("step").n()).isEqualTo("12");
            assertThat(item.get("part").n()).isEqualTo(Integer.toString(i));
            assertThat(item.get("parts").n()).isEqualTo("3");
            assertThat(item.get("data").b().asByteArray()).isEqualTo(data.get(i));
        }
        assertThat(StepRowParts.items(StepRowKey.of("sessions#s1", 4), StepRowParts.COMMIT, data).get(0))
                .as("the sessions rows name their step commit").containsKey("commit").doesNotContainKey("step");
        assertThat(StepRowParts.data(items)).containsExactly(1, 2, 3);
    }

    @Test
    void rowsGatheredFromItemsInAnyOrderComeByPartitionThenStepWithTheirPartsInOrder() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.addAll(StepRowParts.items(StepRowKey.of("q#b", 1), StepRowParts.STEP, List.of(new byte[] {5})));
        items.addAll(StepRowParts.items(StepRowKey.of("q#a", 10), StepRowParts.STEP, List.of(new byte[] {3}, new byte[] {4})));
        items.addAll(StepRowParts.items(StepRowKey.of("q#a", 9), StepRowParts.COMMIT, List.of(new byte[] {1}, new byte[] {2})));
        java.util.Collections.reverse(items);
        List<List<Map<String, AttributeValue>>> rows = StepRowParts.rows(items, "a test row");
        assertThat(rows).extracting(StepRowParts::data).containsExactly(new byte[] {1, 2}, new byte[] {3, 4}, new byte[] {5});
    }

    @Test
    void aRowGatheredWithoutAllItsPartsIsAnErrorThatNamesIt() {
        List<Map<String, AttributeValue>> items = new ArrayList<>(StepRowParts.items(StepRowKey.of("q#a", 9), StepRowParts.STEP,
                List.of(new byte[] {1}, new byte[] {2}, new byte[] {3})));
        items.remove(1);
        assertThatThrownBy(() -> StepRowParts.rows(items, "a test row")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a test row (q#a, step 9) has 2 of 3 parts");
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.local.store.ForwardingItemStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a partition's rows in parts back from the embedded store: whole rows only, as soon as they are whole. */
class StepRowPartsReadTest {

    private static final String PK = "sessions#s1";

    private CountingStore items;

    @BeforeEach
    void setUp() {
        ItemStore embedded = TestStores.embedded().items(TestStores.freshNames("step-rows"), new WriteMeter());
        embedded.createTables();
        items = new CountingStore(embedded);
    }

    @Test
    void rowsComeWholeInStepOrderAndAStepMissingPartsEndsTheRead() {
        write(3, 2);
        write(5, 3);
        writeOnly(7, 3, 0, 2); // its writer is mid-way: part 1 is not there yet
        write(8, 1);
        List<String> read = readSteps(StepRowKey.stepsAfter(PK, StepRowKey.STEP, 0), step -> true);
        assertThat(read).containsExactly("3:[30, 31]", "5:[50, 51, 52]");
        assertThat(readSteps(StepRowKey.stepsAfter(PK, StepRowKey.STEP, 3), step -> true)).as("after step 3").containsExactly("5:[50, 51, 52]");
    }

    @Test
    void newestFirstTheRowsComeWholeToo() {
        write(3, 2);
        write(5, 3);
        assertThat(readSteps(StepRowKey.stepsAfter(PK, StepRowKey.STEP, 0).descending(), step -> true)).containsExactly("5:[50, 51, 52]", "3:[30, 31]");
    }

    @Test
    void aRowIsHandedOverAsSoonAsItsLastPartIsReadAndNothingIsReadAfterTheReaderStops() {
        write(3, 2);
        write(5, 3);
        items.read = 0;
        assertThat(readSteps(StepRowKey.stepsAfter(PK, StepRowKey.STEP, 0), step -> false)).containsExactly("3:[30, 31]");
        assertThat(items.read).as("items read").isEqualTo(2);
    }

    @Test
    void theFirstCompleteRowPassesOverRowsMissingParts() {
        write(3, 2);
        writeOnly(5, 3, 1, 2);
        List<Map<String, AttributeValue>> newest = StepRowParts.firstComplete(items, Table.VIEWS, StepRowKey.stepsAfter(PK, StepRowKey.STEP, -1).descending());
        assertThat(newest).isNotNull();
        assertThat(newest.get(0).get("commit").n()).isEqualTo("3");
        assertThat(StepRowParts.data(newest)).containsExactly(30, 31);
        assertThat(StepRowParts.firstComplete(items, Table.VIEWS, StepRowKey.stepsAfter(PK, StepRowKey.STEP, 3).descending())).isNull();
    }

    /** Writes step {@code step}'s row whole: {@code parts} parts, part i holding the byte 10 × step + i. */
    private void write(long step, int parts) {
        int[] all = new int[parts];
        for (int i = 0; i < parts; i++) {
            all[i] = i;
        }
        writeOnly(step, parts, all);
    }

    /** Writes only the parts {@code which} of step {@code step}'s row of {@code parts} parts. */
    private void writeOnly(long step, int parts, int... which) {
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            data.add(new byte[] {(byte) (step * 10 + i)});
        }
        List<Map<String, AttributeValue>> all = StepRowParts.items(StepRowKey.of(PK, step), StepRowParts.COMMIT, data);
        for (int i : which) {
            items.put(Table.VIEWS, all.get(i));
        }
    }

    private List<String> readSteps(KeyQuery query, Predicate<Long> goOn) {
        List<String> read = new ArrayList<>();
        StepRowParts.read(items, Table.VIEWS, query, (step, parts) -> {
            List<Integer> data = new ArrayList<>();
            for (byte b : StepRowParts.data(parts)) {
                data.add((int) b);
            }
            read.add(step + ":" + data);
            return goOn.test(step);
        });
        return read;
    }

    /** Counts the items queries read. */
    private static final class CountingStore extends ForwardingItemStore {
        int read;

        CountingStore(ItemStore real) {
            super(real);
        }

        @Override
        public void query(Table table, KeyQuery query, Predicate<Map<String, AttributeValue>> each) {
            super.query(table, query, item -> {
                read++;
                return each.test(item);
            });
        }
    }
}

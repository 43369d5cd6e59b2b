package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.local.store.InMemoryItemStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

import static org.assertj.core.api.Assertions.assertThat;

/** The state port's contracts on the embedded store of {@code tidemark local}, and its change feed. */
class EmbeddedStoreTest {

    private static InMemoryItemStore fresh(String label) {
        InMemoryItemStore items = TestStores.embedded().items(TestStores.freshNames(label), new WriteMeter());
        items.createTables();
        return items;
    }

    @Nested
    class Port extends ItemStoreContract {
        @Override
        protected ItemStore freshStore(String label) {
            return fresh(label);
        }

        @Override
        protected ItemStore storeWithoutTables(String label) {
            return TestStores.embedded().items(TestStores.freshNames(label), new WriteMeter());
        }
    }

    @Nested
    class Adapters extends StateAdaptersContract {
        @Override
        protected ItemStore freshStore(String label) {
            return fresh(label);
        }
    }

    @Test
    void theAlertsTableFeedsEveryInsertAndChangeInOrderAndOtherTablesHaveNoFeed() {
        InMemoryItemStore items = fresh("feed");
        var reader = items.changes(Table.ALERTS).reader();
        items.putIf(Table.ALERTS, ItemStoreContract.item("alerts#s1", "step#1", "v", "a"), PutCondition.absent());
        items.putIf(Table.ALERTS, ItemStoreContract.item("alerts#s1", "step#1", "v", "again"), PutCondition.absent()); // not written: no record
        items.put(Table.ALERTS, ItemStoreContract.item("alerts#s1", "step#2", "v", "b"));
        items.put(Table.ALERTS, ItemStoreContract.item("alerts#s1", "step#2", "v", "c"));
        var records = reader.poll(10);
        assertThat(records).extracting(r -> r.eventName()).containsExactly(OperationType.INSERT, OperationType.INSERT, OperationType.MODIFY);
        assertThat(records).extracting(r -> r.dynamodb().newImage().get("v").s()).containsExactly("a", "b", "c");
        assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).isSorted();
        assertThat(reader.poll(10)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> items.changes(Table.STATE)).hasMessageContaining("no change feed");
    }
}

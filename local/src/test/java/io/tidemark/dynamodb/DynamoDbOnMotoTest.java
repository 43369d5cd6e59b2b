package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state port's contracts on the shipped DynamoDB adapter ({@link DynamoDbItemStore}, AWS SDK v2)
 * against moto's DynamoDB of the emulator stack, served one request at a time. Capacity is computed
 * ({@link DynamoDbItemStore.Capacity#COMPUTED}): moto reports a flat 1.0 per write.
 */
@ExtendWith(EmulatorStack.class)
class DynamoDbOnMotoTest {

    private static DynamoDbClient client;

    @BeforeAll
    static void connect(Endpoints endpoints) {
        client = TestStores.moto(endpoints);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static ItemStore fresh(String label) {
        ItemStore items = new DynamoDbItemStore(client, TestStores.freshNames(label), new WriteMeter(), DynamoDbItemStore.Capacity.COMPUTED);
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
            return new DynamoDbItemStore(client, TestStores.freshNames(label), new WriteMeter(), DynamoDbItemStore.Capacity.COMPUTED);
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
    void tablesHaveTheStackKeysAndOnlyTheAlertsTableStreamsNewImages() {
        ItemStore items = fresh("tables");
        for (Table t : Table.values()) {
            var d = client.describeTable(b -> b.tableName(items.tables().of(t))).table();
            assertThat(d.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk", "sk");
            boolean streamed = d.streamSpecification() != null && Boolean.TRUE.equals(d.streamSpecification().streamEnabled());
            assertThat(streamed).as(t + " streamed").isEqualTo(t.streamed());
            if (t.streamed()) {
                assertThat(d.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
            }
        }
        items.deleteTables();
    }
}

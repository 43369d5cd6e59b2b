package io.tidemark.dynamodb;

import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TransactWriteItems on the emulator stack's DynamoDB, whose server keeps a copy of only the items a transaction names
 * (moto's own copies the whole table on every call): a cancelled transaction leaves every item and the table's stream as
 * they were, a successful one writes every item.
 */
@ExtendWith(EmulatorStack.class)
class MotoTransactionsTest {

    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void connect(Endpoints endpoints) {
        dynamo = TestStores.moto(endpoints);
        streams = TestStores.motoStreams(endpoints);
    }

    @AfterAll
    static void close() {
        dynamo.close();
        streams.close();
    }

    @Test
    void aCancelledTransactionLeavesItsItemsAndTheStreamAsTheyWere() {
        String table = table();
        put(table, "a", "1", 1);
        put(table, "a", "2", 2);
        int streamed = streamRecords(table).size();

        TransactWriteItem update = TransactWriteItem.builder().update(u -> u.tableName(table).key(key("a", "1"))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n(10)))).build();
        TransactWriteItem delete = TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("a", "2"))).build();
        TransactWriteItem insert = TransactWriteItem.builder().put(p -> p.tableName(table).item(item("b", "1", 3))).build();
        TransactWriteItem failing = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("c", "1"))
                .conditionExpression("attribute_exists(pk)")).build();
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(update, delete, insert, failing)))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(value(table, "a", "1")).isEqualTo("1");
        assertThat(value(table, "a", "2")).isEqualTo("2");
        assertThat(value(table, "b", "1")).isNull();
        assertThat(streamRecords(table)).hasSize(streamed);
    }

    @Test
    void aSuccessfulTransactionWritesEveryItemAndStreamsEach() {
        String table = table();
        put(table, "a", "1", 1);
        int streamed = streamRecords(table).size();

        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("a", "1"))
                        .updateExpression("ADD v :v").expressionAttributeValues(Map.of(":v", n(4)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("b", "1", 3))
                        .conditionExpression("attribute_not_exists(pk)")).build()));

        assertThat(value(table, "a", "1")).isEqualTo("5");
        assertThat(value(table, "b", "1")).isEqualTo("3");
        assertThat(streamRecords(table)).hasSize(streamed + 2);
    }

    private static String table() {
        String name = "transactions-" + UUID.randomUUID();
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static void put(String table, String pk, String sk, int v) {
        dynamo.putItem(b -> b.tableName(table).item(item(pk, sk, v)));
    }

    private static String value(String table, String pk, String sk) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item().get("v").n() : null;
    }

    private static List<?> streamRecords(String table) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<Object> records = new ArrayList<>();
        for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            records.addAll(streams.getRecords(b -> b.shardIterator(iterator).limit(1000)).records());
        }
        return records;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, int v) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk), "v", n(v));
    }

    private static AttributeValue n(int v) {
        return AttributeValue.fromN(Integer.toString(v));
    }
}

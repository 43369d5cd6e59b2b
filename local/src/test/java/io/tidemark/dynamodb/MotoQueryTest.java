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
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query on the emulator stack's DynamoDB, whose server reads only the queried partition (moto's own reads and sorts the
 * whole table on every query): the partition's items and no other, in sort-key order either way, within a sort-key
 * range, a page at a time under a limit, and the one item of a table without a sort key.
 */
@ExtendWith(EmulatorStack.class)
class MotoQueryTest {

    private static DynamoDbClient dynamo;

    @BeforeAll
    static void connect(Endpoints endpoints) {
        dynamo = TestStores.moto(endpoints);
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    @Test
    void aQueryReadsItsPartitionInSortKeyOrderEitherWay() {
        String table = table(true);
        for (String pk : List.of("b", "a", "c")) {
            for (String sk : List.of("log#3", "log#1", "head", "log#2")) {
                dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "sk", s(sk), "v", s(pk + sk))));
            }
        }

        assertThat(sortKeys(query(table, "b", null, true, 0))).containsExactly("head", "log#1", "log#2", "log#3");
        assertThat(values(query(table, "b", null, true, 0))).allMatch(v -> v.startsWith("b"));
        assertThat(sortKeys(query(table, "c", null, false, 0))).containsExactly("log#3", "log#2", "log#1", "head");
        assertThat(sortKeys(query(table, "a", new String[] {"log#2", "log#~"}, false, 1))).containsExactly("log#3");
        assertThat(query(table, "d", null, true, 0)).isEmpty();
    }

    @Test
    void aLimitedQueryPagesThroughItsPartition() {
        String table = table(true);
        for (String pk : List.of("x", "y")) {
            for (int i = 0; i < 5; i++) {
                String sk = "step#" + i;
                dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "sk", s(sk), "v", s(pk + sk))));
            }
        }

        assertThat(sortKeys(query(table, "y", null, true, 2))).containsExactly("step#0", "step#1", "step#2", "step#3", "step#4");
        assertThat(sortKeys(query(table, "x", new String[] {"step#1", "step#3"}, false, 2))).containsExactly("step#3", "step#2", "step#1");
    }

    @Test
    void aTableWithoutASortKeyAnswersWithItsOneItem() {
        String table = table(false);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "v", s("1"))));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("q"), "v", s("2"))));

        assertThat(values(query(table, "q", null, true, 0))).containsExactly("2");
        assertThat(query(table, "r", null, true, 0)).isEmpty();
    }

    /** Every item of the query, following its pages. */
    private static List<Map<String, AttributeValue>> query(String table, String pk, String[] between, boolean ascending, int limit) {
        QueryRequest.Builder b = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(ascending);
        if (between == null) {
            b.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
        } else {
            b.keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(between[0]), ":to", s(between[1])));
        }
        if (limit > 0) {
            b.limit(limit);
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        QueryRequest next = b.build();
        while (true) {
            QueryResponse r = dynamo.query(next);
            out.addAll(r.items());
            if (limit == 1 || !r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return out;
            }
            next = next.toBuilder().exclusiveStartKey(r.lastEvaluatedKey()).build();
        }
    }

    private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("sk").s()).toList();
    }

    private static List<String> values(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("v").s()).toList();
    }

    private static String table(boolean withSortKey) {
        String name = "queries-" + UUID.randomUUID();
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(attribute("pk")));
        List<KeySchemaElement> keys = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        if (withSortKey) {
            attributes.add(attribute("sk"));
            keys.add(KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
        }
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).attributeDefinitions(attributes).keySchema(keys));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}

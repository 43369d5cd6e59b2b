package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates the pipeline's tables for a prefix the way the CDK stack does ({@code StateTables}
 * construct): on-demand, {@code pk}/{@code sk} strings, TTL on {@code expires_at}, and a NEW_IMAGE
 * stream on {@link Table#streamed()} tables (the alerts outbox). For tests, the local runner and
 * {@code tidemark local}; idempotent (existing tables are left alone).
 */
public final class StateTables {

    private StateTables() {
    }

    /** Creates every missing table of {@code names}, waits until all are ACTIVE, and returns the names it created. */
    public static List<String> createAll(DynamoDbClient dynamo, TableNames names) {
        List<String> created = new ArrayList<>();
        for (Table table : Table.values()) {
            String name = names.of(table);
            try {
                dynamo.createTable(b -> {
                    b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(
                                    AttributeDefinition.builder().attributeName(Table.PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                                    AttributeDefinition.builder().attributeName(Table.SORT_KEY).attributeType(ScalarAttributeType.S).build())
                            .keySchema(
                                    KeySchemaElement.builder().attributeName(Table.PARTITION_KEY).keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName(Table.SORT_KEY).keyType(KeyType.RANGE).build());
                    if (table.streamed()) {
                        b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                                .streamViewType(StreamViewType.NEW_IMAGE).build());
                    }
                });
                created.add(name);
            } catch (ResourceInUseException exists) {
                continue;
            }
        }
        for (Table table : Table.values()) {
            waitActive(dynamo, names.of(table));
            enableTtl(dynamo, names.of(table));
        }
        return created;
    }

    /** Convenience: {@link #createAll(DynamoDbClient, TableNames)} for {@code <prefix>-…} tables. */
    public static TableNames createAll(DynamoDbClient dynamo, String prefix) {
        TableNames names = TableNames.forPrefix(prefix);
        createAll(dynamo, names);
        return names;
    }

    /** Deletes every table of {@code names} that exists. */
    public static void deleteAll(DynamoDbClient dynamo, TableNames names) {
        for (Table table : Table.values()) {
            try {
                dynamo.deleteTable(b -> b.tableName(names.of(table)));
            } catch (ResourceNotFoundException gone) {
                continue;
            }
        }
    }

    private static void waitActive(DynamoDbClient dynamo, String name) {
        for (int i = 0; i < 600; i++) {
            TableStatus status = dynamo.describeTable(b -> b.tableName(name)).table().tableStatus();
            if (status == TableStatus.ACTIVE) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + name, e);
            }
        }
        throw new IllegalStateException("table " + name + " did not become ACTIVE within 60 s");
    }

    private static void enableTtl(DynamoDbClient dynamo, String name) {
        try {
            var current = dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
            if (current != null && Table.TTL_ATTRIBUTE.equals(current.attributeName())) {
                return;
            }
            dynamo.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName(Table.TTL_ATTRIBUTE).enabled(true)));
        } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
            // Some emulators answer TTL calls with an error; TTL only deletes superseded items, so
            // a table without it works, it just keeps them.
            if (e.statusCode() >= 500) {
                throw e;
            }
        }
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The state port on DynamoDB (AWS SDK v2): what the Lambda functions and {@code tidemark run} use, on
 * AWS or on an emulator. Every request asks for {@code ReturnConsumedCapacity.TOTAL}. With
 * {@link Capacity#REPORTED} (AWS) the meter adds what DynamoDB reports; with {@link Capacity#COMPUTED}
 * (emulators, which report a flat 1.0 per write) it adds {@link WriteUnits} of the items written, and
 * puts ask for the old item ({@code ReturnValues.ALL_OLD}) to charge a replacement by the larger item.
 * A failed condition is an answer, not an error; DynamoDB charges it but reports nothing, so it is
 * charged by {@link WriteUnits#failedCondition} either way.
 */
public final class DynamoDbItemStore implements ItemStore {

    /** Where the write units come from. */
    public enum Capacity {
        /** DynamoDB's {@code ConsumedCapacity}: on AWS. */
        REPORTED,
        /** {@link WriteUnits} of the items written: on emulators, whose reports are not measurements. */
        COMPUTED
    }

    private final DynamoDbClient client;
    private final TableNames tables;
    private final WriteMeter meter;
    private final Capacity capacity;

    public DynamoDbItemStore(DynamoDbClient client, TableNames tables, WriteMeter meter, Capacity capacity) {
        this.client = Objects.requireNonNull(client, "client");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.capacity = Objects.requireNonNull(capacity, "capacity");
    }

    /** Units as DynamoDB reports them. */
    public DynamoDbItemStore(DynamoDbClient client, TableNames tables, WriteMeter meter) {
        this(client, tables, meter, Capacity.REPORTED);
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public TableNames tables() {
        return tables;
    }

    @Override
    public WriteMeter meter() {
        return meter;
    }

    @Override
    public void put(Table table, Map<String, AttributeValue> item) {
        PutItemRequest.Builder b = PutItemRequest.builder().tableName(tables.of(table)).item(item)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (capacity == Capacity.COMPUTED) {
            b.returnValues(ReturnValue.ALL_OLD);
        }
        written(item, client.putItem(b.build()));
    }

    @Override
    public PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition) {
        PutItemRequest.Builder b = PutItemRequest.builder().tableName(tables.of(table)).item(item)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (capacity == Capacity.COMPUTED) {
            b.returnValues(ReturnValue.ALL_OLD);
        }
        expression(condition, b);
        try {
            written(item, client.putItem(b.build()));
            return PutOutcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = e.hasItem() && !e.item().isEmpty() ? e.item() : null;
            meter.failedCondition(WriteUnits.failedCondition(existing));
            return new PutOutcome(false, existing == null ? Map.of() : existing);
        }
    }

    private void written(Map<String, AttributeValue> item, PutItemResponse response) {
        if (capacity == Capacity.REPORTED) {
            meter.write(response.consumedCapacity());
        } else {
            meter.write(WriteUnits.replace(item, response.hasAttributes() && !response.attributes().isEmpty() ? response.attributes() : null));
        }
    }

    /** The condition expression a {@link PutCondition} stands for. */
    static void expression(PutCondition condition, PutItemRequest.Builder b) {
        if (condition instanceof PutCondition.Absent) {
            b.conditionExpression("attribute_not_exists(" + AttributeValues.PK + ")");
        } else if (condition instanceof PutCondition.AbsentOrBelow below) {
            b.conditionExpression("attribute_not_exists(" + AttributeValues.PK + ") OR #a < :v")
                    .expressionAttributeNames(Map.of("#a", below.attribute()))
                    .expressionAttributeValues(Map.of(":v", AttributeValues.n(below.value())));
        } else {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder expression = new StringBuilder();
            int i = 0;
            for (Map.Entry<String, AttributeValue> e : new TreeMap<>(((PutCondition.Holds) condition).expected()).entrySet()) {
                expression.append(i > 0 ? " AND " : "").append("#a").append(i).append(" = :v").append(i);
                names.put("#a" + i, e.getKey());
                values.put(":v" + i, e.getValue());
                i++;
            }
            b.conditionExpression(expression.toString()).expressionAttributeNames(names).expressionAttributeValues(values);
        }
    }

    @Override
    public Map<String, AttributeValue> get(Table table, String pk, String sk) {
        GetItemResponse r = client.getItem(b -> b.tableName(tables.of(table)).key(AttributeValues.key(pk, sk)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        meter.read(r.consumedCapacity());
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }

    @Override
    public BatchGetOutcome batchGet(Table table, List<Map<String, AttributeValue>> keys) {
        String name = tables.of(table);
        BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(Map.of(name,
                KeysAndAttributes.builder().keys(keys).consistentRead(false).build()))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        if (r.hasConsumedCapacity()) {
            r.consumedCapacity().forEach(meter::read);
        }
        List<Map<String, AttributeValue>> items = r.hasResponses() ? r.responses().getOrDefault(name, List.of()) : List.of();
        KeysAndAttributes left = r.hasUnprocessedKeys() ? r.unprocessedKeys().get(name) : null;
        return new BatchGetOutcome(items, left == null || !left.hasKeys() ? List.of() : left.keys());
    }

    @Override
    public List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items) {
        String name = tables.of(table);
        List<WriteRequest> writes = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(name, writes))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        List<WriteRequest> left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(name, List.of()) : List.of();
        List<Map<String, AttributeValue>> out = new ArrayList<>(left.size());
        for (WriteRequest w : left) {
            out.add(w.putRequest().item());
        }
        if (capacity == Capacity.REPORTED) {
            meter.write(r.hasConsumedCapacity() ? r.consumedCapacity() : null);
        } else {
            // A batch cannot return old items: each written item is charged by its own size.
            long units = 0;
            for (Map<String, AttributeValue> item : items) {
                units += WriteUnits.put(item);
            }
            for (Map<String, AttributeValue> item : out) {
                units -= WriteUnits.put(item);
            }
            meter.write(units);
        }
        return out;
    }

    @Override
    public void query(Table table, KeyQuery query, Predicate<Map<String, AttributeValue>> each) {
        QueryRequest.Builder b = QueryRequest.builder().tableName(tables.of(table)).consistentRead(true).scanIndexForward(query.ascending())
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (query.hasRange()) {
            b.keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to").expressionAttributeValues(Map.of(
                    ":pk", AttributeValues.s(query.partition()), ":from", AttributeValues.s(query.fromSortKey()),
                    ":to", AttributeValues.s(query.toSortKey())));
        } else {
            b.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValues.s(query.partition())));
        }
        if (query.limit() > 0) {
            b.limit(query.limit());
        }
        QueryRequest next = b.build();
        while (true) {
            QueryResponse r = client.query(next);
            meter.read(r.consumedCapacity());
            for (Map<String, AttributeValue> item : r.items()) {
                if (!each.test(item)) {
                    return;
                }
            }
            if (query.limit() > 0 || !r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return;
            }
            next = next.toBuilder().exclusiveStartKey(r.lastEvaluatedKey()).build();
        }
    }

    @Override
    public void scan(Table table, Consumer<Map<String, AttributeValue>> each) {
        ScanRequest next = ScanRequest.builder().tableName(tables.of(table)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        while (true) {
            ScanResponse r = client.scan(next);
            meter.read(r.consumedCapacity());
            r.items().forEach(each);
            if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return;
            }
            next = next.toBuilder().exclusiveStartKey(r.lastEvaluatedKey()).build();
        }
    }

    @Override
    public List<String> createTables() {
        return StateTables.createAll(client, tables);
    }

    @Override
    public void deleteTables() {
        StateTables.deleteAll(client, tables);
    }
}

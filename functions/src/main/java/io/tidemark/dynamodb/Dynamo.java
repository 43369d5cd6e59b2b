package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The few DynamoDB calls the adapters make, each with {@code ReturnConsumedCapacity.TOTAL} and its
 * units added to a {@link WriteMeter}. A failed condition is an answer, not an error: conditional
 * puts return whether they wrote.
 */
final class Dynamo {

    static final String PK = Table.PARTITION_KEY;
    static final String SK = Table.SORT_KEY;
    static final String EXPIRES_AT = Table.TTL_ATTRIBUTE;

    private final DynamoDbClient client;
    private final TableNames tables;
    private final WriteMeter meter;

    Dynamo(DynamoDbClient client, TableNames tables, WriteMeter meter) {
        this.client = Objects.requireNonNull(client, "client");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    DynamoDbClient client() {
        return client;
    }

    TableNames tables() {
        return tables;
    }

    WriteMeter meter() {
        return meter;
    }

    /** The outcome of a conditional put: written, or the item that made the condition fail. */
    record PutOutcome(boolean written, Map<String, AttributeValue> existing) {
    }

    /** An unconditional put (idempotent by key and content). */
    void put(Table table, Map<String, AttributeValue> item) {
        meter.write(client.putItem(PutItemRequest.builder().tableName(tables.of(table)).item(item)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity());
    }

    /** A conditional put; returns the existing item when the condition fails. */
    PutOutcome putIf(Table table, Map<String, AttributeValue> item, String condition, Map<String, String> names,
                     Map<String, AttributeValue> values) {
        PutItemRequest.Builder b = PutItemRequest.builder().tableName(tables.of(table)).item(item).conditionExpression(condition)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (names != null && !names.isEmpty()) {
            b.expressionAttributeNames(names);
        }
        if (values != null && !values.isEmpty()) {
            b.expressionAttributeValues(values);
        }
        try {
            meter.write(client.putItem(b.build()).consumedCapacity());
            return new PutOutcome(true, null);
        } catch (ConditionalCheckFailedException e) {
            // DynamoDB charges a failed conditional write like a write of the item; the exception
            // carries no capacity, so the meter estimates it from the item size.
            meter.failedCondition(software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity.builder()
                    .capacityUnits((double) writeUnits(item)).build());
            return new PutOutcome(false, e.hasItem() ? e.item() : Map.of());
        }
    }

    Map<String, AttributeValue> get(Table table, String pk, String sk, boolean consistent) {
        GetItemResponse r = client.getItem(b -> b.tableName(tables.of(table)).key(key(pk, sk)).consistentRead(consistent)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        meter.read(r.consumedCapacity());
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }

    /**
     * One {@code BatchGetItem} of at most 100 distinct keys of one table; returns the items found and
     * the keys DynamoDB left unprocessed (the caller retries those).
     */
    BatchGetOutcome batchGet(Table table, List<Map<String, AttributeValue>> keys, boolean consistent) {
        String name = tables.of(table);
        BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(Map.of(name,
                KeysAndAttributes.builder().keys(keys).consistentRead(consistent).build()))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        if (r.hasConsumedCapacity()) {
            r.consumedCapacity().forEach(meter::read);
        }
        List<Map<String, AttributeValue>> items = r.hasResponses() ? r.responses().getOrDefault(name, List.of()) : List.of();
        KeysAndAttributes left = r.hasUnprocessedKeys() ? r.unprocessedKeys().get(name) : null;
        return new BatchGetOutcome(items, left == null || !left.hasKeys() ? List.of() : left.keys());
    }

    record BatchGetOutcome(List<Map<String, AttributeValue>> items, List<Map<String, AttributeValue>> unprocessed) {
    }

    /**
     * One {@code BatchWriteItem} of at most 25 puts (distinct keys) into one table; returns the items
     * DynamoDB left unprocessed (the caller retries those).
     */
    List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items) {
        String name = tables.of(table);
        List<WriteRequest> writes = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(name, writes))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        meter.write(r.hasConsumedCapacity() ? r.consumedCapacity() : null);
        List<WriteRequest> left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(name, List.of()) : List.of();
        List<Map<String, AttributeValue>> out = new ArrayList<>(left.size());
        for (WriteRequest w : left) {
            out.add(w.putRequest().item());
        }
        return out;
    }

    /** Every item of a query, page by page; {@code each} may stop early by returning false. */
    void query(QueryRequest request, java.util.function.Predicate<Map<String, AttributeValue>> each) {
        QueryRequest next = request.toBuilder().tableName(request.tableName()).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        while (true) {
            QueryResponse r = client.query(next);
            meter.read(r.consumedCapacity());
            for (Map<String, AttributeValue> item : r.items()) {
                if (!each.test(item)) {
                    return;
                }
            }
            if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return;
            }
            next = next.toBuilder().exclusiveStartKey(r.lastEvaluatedKey()).build();
        }
    }

    List<Map<String, AttributeValue>> queryAll(QueryRequest request) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        query(request, item -> out.add(item));
        return out;
    }

    void scan(Table table, Consumer<Map<String, AttributeValue>> each) {
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

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static AttributeValue b(byte[] v) {
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
    }

    static byte[] bytes(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? null : v.b().asByteArrayUnsafe();
    }

    static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    /** DynamoDB's item size rule, roughly: names plus values, rounded up to whole KB for writes. */
    static long writeUnits(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return Math.max(1, (size + 1023) / 1024);
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return (v.n().length() + 1) / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.hasL()) {
            long s = 3;
            for (AttributeValue x : v.l()) {
                s += 1 + size(x);
            }
            return s;
        }
        if (v.hasM()) {
            long s = 3;
            for (Map.Entry<String, AttributeValue> x : v.m().entrySet()) {
                s += 1 + x.getKey().length() + size(x.getValue());
            }
            return s;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(x -> x.getBytes(StandardCharsets.UTF_8).length).sum();
        }
        return 1;
    }
}

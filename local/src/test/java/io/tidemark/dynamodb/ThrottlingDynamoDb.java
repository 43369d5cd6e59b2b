package io.tidemark.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DynamoDB's throttling of batch requests, on a real DynamoDB (Local), which never throttles: for
 * the first {@code throttledCalls} batch requests only the first {@code served} keys or items of
 * each table go to DynamoDB; the rest come back as {@code UnprocessedKeys} / {@code UnprocessedItems},
 * as a throttled table answers. Everything else is the real client.
 */
final class ThrottlingDynamoDb implements DynamoDbClient {

    private final DynamoDbClient real;
    private final int served;
    private final AtomicInteger throttledCallsLeft;
    private final AtomicInteger batchCalls = new AtomicInteger();

    ThrottlingDynamoDb(DynamoDbClient real, int served, int throttledCalls) {
        this.real = real;
        this.served = served;
        this.throttledCallsLeft = new AtomicInteger(throttledCalls);
    }

    int batchCalls() {
        return batchCalls.get();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        batchCalls.incrementAndGet();
        if (throttledCallsLeft.getAndDecrement() <= 0) {
            return real.batchGetItem(request);
        }
        Map<String, KeysAndAttributes> sent = new HashMap<>();
        Map<String, KeysAndAttributes> left = new HashMap<>();
        request.requestItems().forEach((table, ka) -> {
            List<Map<String, AttributeValue>> keys = ka.keys();
            int n = Math.min(served, keys.size());
            if (n > 0) {
                sent.put(table, ka.toBuilder().keys(keys.subList(0, n)).build());
            }
            if (n < keys.size()) {
                left.put(table, ka.toBuilder().keys(new ArrayList<>(keys.subList(n, keys.size()))).build());
            }
        });
        BatchGetItemResponse answer = sent.isEmpty() ? BatchGetItemResponse.builder().responses(Map.of()).build()
                : real.batchGetItem(request.toBuilder().requestItems(sent).build());
        return answer.toBuilder().unprocessedKeys(left).build();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        batchCalls.incrementAndGet();
        if (throttledCallsLeft.getAndDecrement() <= 0) {
            return real.batchWriteItem(request);
        }
        Map<String, List<WriteRequest>> sent = new HashMap<>();
        Map<String, List<WriteRequest>> left = new HashMap<>();
        request.requestItems().forEach((table, writes) -> {
            int n = Math.min(served, writes.size());
            if (n > 0) {
                sent.put(table, writes.subList(0, n));
            }
            if (n < writes.size()) {
                left.put(table, new ArrayList<>(writes.subList(n, writes.size())));
            }
        });
        BatchWriteItemResponse answer = sent.isEmpty() ? BatchWriteItemResponse.builder().build()
                : real.batchWriteItem(request.toBuilder().requestItems(sent).build());
        return answer.toBuilder().unprocessedItems(left).build();
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return real.serviceClientConfiguration();
    }

    @Override
    public void close() {
        // the real client belongs to the test
    }
}

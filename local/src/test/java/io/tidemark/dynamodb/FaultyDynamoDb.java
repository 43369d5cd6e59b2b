package io.tidemark.dynamodb;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;

/**
 * Fault injection, not a mock: every call goes to a real DynamoDB (Local); at chosen writes the
 * "process crashes" — the call throws, either before the write reaches DynamoDB or after it was
 * applied (the answer lost on the way back, the worst case for idempotence).
 */
public final class FaultyDynamoDb implements DynamoDbClient {

    /** The injected crash. An SDK client exception, like a connection reset or a timeout. */
    public static final class InjectedCrash extends SdkClientException {
        InjectedCrash(String message) {
            super(SdkClientException.builder().message(message));
        }
    }

    public enum When { BEFORE_WRITE, AFTER_WRITE }

    private final DynamoDbClient real;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicReference<LongPredicate> crashAt = new AtomicReference<>(n -> false);
    private final AtomicReference<java.util.function.Predicate<PutItemRequest>> crashOnce = new AtomicReference<>();
    private volatile When when = When.BEFORE_WRITE;

    public FaultyDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    /** Crash at the writes whose running number (from 1) matches. */
    public void crashAt(LongPredicate writeNumbers, When when) {
        this.crashAt.set(writeNumbers);
        this.when = when;
    }

    /** Crash at the next put that {@code which} matches, once. */
    public void crashOnce(java.util.function.Predicate<PutItemRequest> which, When when) {
        this.crashOnce.set(which);
        this.when = when;
    }

    public void healthy() {
        crashAt.set(n -> false);
        crashOnce.set(null);
    }

    public long writes() {
        return writes.get();
    }

    public long crashes() {
        return crashes.get();
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        long n = writes.incrementAndGet();
        java.util.function.Predicate<PutItemRequest> once = crashOnce.get();
        boolean crash = crashAt.get().test(n) || once != null && once.test(request) && crashOnce.compareAndSet(once, null);
        if (crash && when == When.BEFORE_WRITE) {
            crashes.incrementAndGet();
            throw new InjectedCrash("injected crash before write #" + n + " to " + request.tableName());
        }
        PutItemResponse response = real.putItem(request);
        if (crash) {
            crashes.incrementAndGet();
            throw new InjectedCrash("injected crash after write #" + n + " to " + request.tableName());
        }
        return response;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return real.getItem(request);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return real.batchGetItem(request);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return real.batchWriteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return real.query(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return real.scan(request);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return real.createTable(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return real.describeTable(request);
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest request) {
        return real.deleteTable(request);
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest request) {
        return real.updateTimeToLive(request);
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest request) {
        return real.describeTimeToLive(request);
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

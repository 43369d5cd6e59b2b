package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.local.store.ForwardingItemStore;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Fault injection, not a mock: every call goes to a real store (the embedded one, or DynamoDB on
 * moto through the shipped adapter); at chosen writes the "process crashes" — the call throws, either
 * before the write reaches the store or after it was applied (the answer lost on the way back, the
 * worst case for idempotence).
 */
public final class FaultyItemStore extends ForwardingItemStore {

    /** The injected crash. An SDK client exception, like a connection reset or a timeout. */
    public static final class InjectedCrash extends SdkClientException {
        InjectedCrash(String message) {
            super(SdkClientException.builder().message(message));
        }
    }

    public enum When { BEFORE_WRITE, AFTER_WRITE }

    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicReference<LongPredicate> crashAt = new AtomicReference<>(n -> false);
    private final AtomicReference<Predicate<Map<String, AttributeValue>>> crashOnce = new AtomicReference<>();
    private volatile When when = When.BEFORE_WRITE;

    public FaultyItemStore(ItemStore real) {
        super(real);
    }

    /** Crash at the writes whose running number (from 1) matches. */
    public void crashAt(LongPredicate writeNumbers, When when) {
        this.crashAt.set(writeNumbers);
        this.when = when;
    }

    /** Crash at the next put of an item that {@code which} matches, once. */
    public void crashOnce(Predicate<Map<String, AttributeValue>> which, When when) {
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

    /** Runs one write, crashing before or after it if its number is chosen. */
    private <T> T write(Table table, Map<String, AttributeValue> item, java.util.function.Supplier<T> call) {
        long n = writes.incrementAndGet();
        Predicate<Map<String, AttributeValue>> once = crashOnce.get();
        boolean crash = crashAt.get().test(n) || item != null && once != null && once.test(item) && crashOnce.compareAndSet(once, null);
        if (crash && when == When.BEFORE_WRITE) {
            crashes.incrementAndGet();
            throw new InjectedCrash("injected crash before write #" + n + " to " + real.tables().of(table));
        }
        T result = call.get();
        if (crash) {
            crashes.incrementAndGet();
            throw new InjectedCrash("injected crash after write #" + n + " to " + real.tables().of(table));
        }
        return result;
    }

    @Override
    public void put(Table table, Map<String, AttributeValue> item) {
        write(table, item, () -> {
            real.put(table, item);
            return null;
        });
    }

    @Override
    public PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition) {
        return write(table, item, () -> real.putIf(table, item, condition));
    }

    @Override
    public List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items) {
        return write(table, null, () -> real.batchPut(table, items));
    }

}

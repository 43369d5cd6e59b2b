package io.tidemark.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adds up the capacity units of every request the state adapters make: as DynamoDB reports them
 * ({@code ReturnConsumedCapacity.TOTAL}), or computed from the items written ({@link WriteUnits}) where
 * the store reports nothing real. Units are kept in millionths so that the sum is exact and
 * thread-safe. A handler reads {@link #snapshot()} before and after a batch to log the batch's
 * cost; tests and benchmarks read the totals. The recording methods are public so that code
 * outside the adapters (the benchmarks' naive per-event implementation) is metered the same way.
 */
public final class WriteMeter {

    private static final double SCALE = 1_000_000.0;

    private final AtomicLong writeMicros = new AtomicLong();
    private final AtomicLong readMicros = new AtomicLong();
    private final AtomicLong writeRequests = new AtomicLong();
    private final AtomicLong failedConditions = new AtomicLong();

    /** Totals at one moment. */
    public record Units(double writeUnits, double readUnits, long writeRequests, long failedConditions) {
        public Units minus(Units before) {
            return new Units(writeUnits - before.writeUnits, readUnits - before.readUnits, writeRequests - before.writeRequests,
                    failedConditions - before.failedConditions);
        }
    }

    /** One write request and the capacity DynamoDB reported for it. */
    public void write(ConsumedCapacity capacity) {
        writeRequests.incrementAndGet();
        if (capacity != null) {
            writeMicros.addAndGet(units(capacity));
        }
    }

    /** One request over several tables (a transaction, a batch write). */
    public void write(List<ConsumedCapacity> capacities) {
        writeRequests.incrementAndGet();
        if (capacities != null) {
            for (ConsumedCapacity c : capacities) {
                writeMicros.addAndGet(units(c));
            }
        }
    }

    /** One write request of {@code units} write units, computed from its items ({@link WriteUnits}). */
    public void write(long units) {
        writeRequests.incrementAndGet();
        writeMicros.addAndGet(Math.round(units * SCALE));
    }

    /** A conditional write that failed its condition: DynamoDB still charges it. */
    public void failedCondition(ConsumedCapacity capacity) {
        failedConditions.incrementAndGet();
        write(capacity);
    }

    /** A conditional write that failed its condition, charged {@code units} ({@link WriteUnits#failedCondition}). */
    public void failedCondition(long units) {
        failedConditions.incrementAndGet();
        write(units);
    }

    /** Read units computed from the items read ({@link ReadUnits}). */
    public void read(double units) {
        readMicros.addAndGet(Math.round(units * SCALE));
    }

    public void read(ConsumedCapacity capacity) {
        if (capacity != null) {
            readMicros.addAndGet(units(capacity));
        }
    }

    private static long units(ConsumedCapacity c) {
        Double u = c.capacityUnits();
        if (u == null) {
            u = c.writeCapacityUnits() != null ? c.writeCapacityUnits() : c.readCapacityUnits();
        }
        return u == null ? 0 : Math.round(u * SCALE);
    }

    public Units snapshot() {
        return new Units(writeMicros.get() / SCALE, readMicros.get() / SCALE, writeRequests.get(), failedConditions.get());
    }

    public double writeUnits() {
        return writeMicros.get() / SCALE;
    }
}

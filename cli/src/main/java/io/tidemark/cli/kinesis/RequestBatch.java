package io.tidemark.cli.kinesis;

import java.util.ArrayList;
import java.util.List;

/** The records of one {@code PutRecords} call being assembled: at most 500 of them and 5 MiB. */
final class RequestBatch {

    static final int MAX_RECORDS = 500;
    static final int MAX_BYTES = 5 * 1024 * 1024;

    final List<PendingRecord> records = new ArrayList<>();
    /** Sent before it was full: at most one such call is in flight. */
    boolean partial;
    private int bytes;
    private boolean full;
    private long earliestRetryNanos = Long.MAX_VALUE;

    /** Adds the record if it fits; if not, the batch is full. */
    boolean offer(PendingRecord pending) {
        int size = pending.record.requestBytes();
        if (full || records.size() == MAX_RECORDS || bytes + size > MAX_BYTES) {
            full = true;
            return false;
        }
        records.add(pending);
        bytes += size;
        if (records.size() == MAX_RECORDS) {
            full = true;
        }
        return true;
    }

    /** Whether a sendable record was left out for want of room (or the batch has 500 records). */
    boolean isFull() {
        return full;
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    /** A record that is otherwise sendable waits for its backoff until then. */
    void retryDueAt(long nanos) {
        earliestRetryNanos = Math.min(earliestRetryNanos, nanos);
    }

    /** When a record now backing off may be sent ({@link Long#MAX_VALUE}: none is). */
    long earliestRetryNanos() {
        return earliestRetryNanos;
    }
}

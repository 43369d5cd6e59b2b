package io.tidemark.core.state.dedupe;

import java.util.Arrays;

/**
 * The event ids of a step's accepted events as classification parsed them, in acceptance order:
 * for each, the two halves of an id in canonical UUID form, or a mark that it is in another form.
 * Handed from {@code prepare} to {@link ShardState#apply(StepLog, AcceptedIds)} so that a live step
 * parses each id once; a replay of a log entry has only the strings and parses them again.
 */
public final class AcceptedIds {

    private long[] halves;
    private boolean[] uuid;
    private int size;

    public AcceptedIds(int capacity) {
        halves = new long[Math.max(2, capacity * 2)];
        uuid = new boolean[Math.max(1, capacity)];
    }

    /** The next accepted event's id is a canonical UUID with these halves. */
    public void addUuid(long hi, long lo) {
        grow();
        halves[size * 2] = hi;
        halves[size * 2 + 1] = lo;
        uuid[size++] = true;
    }

    /** The next accepted event's id is in another form (kept as its string). */
    public void addOther() {
        grow();
        uuid[size++] = false;
    }

    public int size() {
        return size;
    }

    /** Whether accepted event {@code i}'s id is a canonical UUID (then {@link #hi} and {@link #lo} are its halves). */
    public boolean isUuid(int i) {
        return uuid[i];
    }

    public long hi(int i) {
        return halves[i * 2];
    }

    public long lo(int i) {
        return halves[i * 2 + 1];
    }

    private void grow() {
        if (size == uuid.length) {
            uuid = Arrays.copyOf(uuid, size * 2);
            halves = Arrays.copyOf(halves, size * 4);
        }
    }
}

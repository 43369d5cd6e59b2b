package io.tidemark.core.view;

import java.util.Arrays;

/**
 * One user's recent activity for the active-users view: the sorted slide buckets (minutes) in which
 * the user had an event and whose windows are not all final yet. A user is in window
 * {@code [s, s + size)} iff one of these buckets lies in it.
 */
public final class ActivityState {

    private long[] buckets;
    private int size;

    public ActivityState() {
        this.buckets = new long[4];
    }

    /** Restores from a snapshot: {@code buckets} sorted ascending, no repeats. */
    public static ActivityState of(long[] buckets) {
        ActivityState state = new ActivityState();
        state.buckets = Arrays.copyOf(buckets, Math.max(4, buckets.length));
        state.size = buckets.length;
        return state;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long[] buckets() {
        return Arrays.copyOf(buckets, size);
    }

    int size() {
        return size;
    }

    long bucket(int i) {
        return buckets[i];
    }

    long maxBucket() {
        return buckets[size - 1];
    }

    /** Index of {@code bucket}, or {@code -(insertion point) - 1}. */
    int search(long bucket) {
        // Mostly the newest bucket: check the end first.
        if (size > 0 && buckets[size - 1] == bucket) {
            return size - 1;
        }
        return Arrays.binarySearch(buckets, 0, size, bucket);
    }

    void insert(int at, long bucket) {
        if (size == buckets.length) {
            buckets = Arrays.copyOf(buckets, size * 2);
        }
        System.arraycopy(buckets, at, buckets, at + 1, size - at);
        buckets[at] = bucket;
        size++;
    }

    /** Removes the buckets {@code <= last}. */
    void removeUpTo(long last) {
        int n = 0;
        while (n < size && buckets[n] <= last) {
            n++;
        }
        if (n > 0) {
            System.arraycopy(buckets, n, buckets, 0, size - n);
            size -= n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivityState a && Arrays.equals(a.buckets(), buckets());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(buckets());
    }

    @Override
    public String toString() {
        return "ActivityState" + Arrays.toString(buckets());
    }
}

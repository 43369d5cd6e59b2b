package io.tidemark.core.state.internal;

/**
 * A map from 128-bit keys (a UUID's two halves) to {@code long} values, without an object per
 * entry: keys and values sit side by side in one {@code long[]} (open addressing, linear probing,
 * at most a quarter full), so a lookup that misses the CPU caches costs one memory access instead of
 * the four or five of a {@code HashMap<String, …>} (table, node, key string, its bytes, value),
 * and the collector has nothing to copy. Removal shifts the following entries back instead of
 * leaving tombstones, so lookups stay short however many entries come and go.
 * <p>
 * The all-zero key (the nil UUID) marks an empty slot in the table, so it is kept in two fields.
 * Primitive-collection libraries (fastutil, Eclipse Collections, HPPC) key on one {@code long}
 * at most and would add megabytes to the Lambda jar for this one table.
 * <p>
 * Why hand-made: docs/benchmarks.md ("Where the time goes") names it among the hot-path structures
 * reworked after profiling the core's step (the event-id table's cache misses dominate); the only
 * figure recorded for it alone is the load factor's below (quarter against half full); none against
 * a {@code HashMap<String, Long>} is recorded there.
 */
public final class UuidLongMap {

    private static final int STRIDE = 3; // hi, lo, value
    private static final int MIN_CAPACITY = 16;
    // At most a quarter full: with linear probing and backward-shift removal, runs stay short
    // enough that a lookup, insert or removal nearly always stays within the cache line it missed
    // on (measured: about 12 % more events/s in the core than at half full, for twice the slots).
    private static final int MAX_LOAD_DIVISOR = 4;

    private long[] slots;
    private int mask;
    private int size;
    private boolean hasZeroKey;
    private long zeroKeyValue;
    private long lastTouch;

    public UuidLongMap() {
        this(MIN_CAPACITY / MAX_LOAD_DIVISOR);
    }

    /** A map that holds {@code expectedSize} entries without growing. */
    public UuidLongMap(int expectedSize) {
        int expected = Math.min(Math.max(1, expectedSize), 1 << 28);
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(expected * MAX_LOAD_DIVISOR - 1) << 1);
        allocate(capacity);
    }

    private void allocate(int capacity) {
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
    }

    public int size() {
        return size + (hasZeroKey ? 1 : 0);
    }

    /** Slots in the table (at most a quarter of them taken). */
    public int capacity() {
        return mask + 1;
    }

    public boolean containsKey(long hi, long lo) {
        return isZero(hi, lo) ? hasZeroKey : find(hi, lo) >= 0;
    }

    /** The value of the key, or {@code absent} if there is none. */
    public long get(long hi, long lo, long absent) {
        if (isZero(hi, lo)) {
            return hasZeroKey ? zeroKeyValue : absent;
        }
        int at = find(hi, lo);
        return at < 0 ? absent : slots[at + 2];
    }

    /**
     * {@link #get} of {@code n} keys at once into {@code out}. The table is read at every key's home
     * slot first, in a loop of independent loads, so that the cache misses of a batch overlap
     * instead of each lookup waiting for the one before.
     */
    public void getAll(long[] his, long[] los, int n, long absent, long[] out) {
        long[] s = slots;
        long touched = 0;
        for (int i = 0; i < n; i++) {
            touched += s[home(his[i], los[i])];
        }
        for (int i = 0; i < n; i++) {
            out[i] = get(his[i], los[i], absent);
        }
        lastTouch = touched; // keeps the first loop's loads
    }

    /** Maps the key to {@code value}; returns the previous value, or {@code absent} if there was none. */
    public long put(long hi, long lo, long value, long absent) {
        if (isZero(hi, lo)) {
            long previous = hasZeroKey ? zeroKeyValue : absent;
            hasZeroKey = true;
            zeroKeyValue = value;
            return previous;
        }
        long[] s = slots;
        int at = home(hi, lo);
        while (true) {
            long h = s[at];
            long l = s[at + 1];
            if (h == hi && l == lo) {
                long previous = s[at + 2];
                s[at + 2] = value;
                return previous;
            }
            if (h == 0 && l == 0) {
                s[at] = hi;
                s[at + 1] = lo;
                s[at + 2] = value;
                if (++size > (mask + 1) / MAX_LOAD_DIVISOR) {
                    grow();
                }
                return absent;
            }
            at = next(at);
        }
    }

    /** Removes the key if it maps to {@code value} (as {@link java.util.Map#remove(Object, Object)}). */
    public boolean remove(long hi, long lo, long value) {
        if (isZero(hi, lo)) {
            if (hasZeroKey && zeroKeyValue == value) {
                hasZeroKey = false;
                return true;
            }
            return false;
        }
        int at = find(hi, lo);
        if (at < 0 || slots[at + 2] != value) {
            return false;
        }
        shiftBack(at);
        size--;
        return true;
    }

    /** Clears slot {@code gap} and moves later entries of its run back so that none sits behind an empty slot. */
    private void shiftBack(int gap) {
        long[] s = slots;
        int at = gap;
        while (true) {
            at = next(at);
            long h = s[at];
            long l = s[at + 1];
            if (h == 0 && l == 0) {
                break;
            }
            int home = home(h, l);
            // The entry at 'at' may move into the gap only if its home is not cyclically in (gap, at].
            boolean stays = gap <= at ? (gap < home && home <= at) : (gap < home || home <= at);
            if (!stays) {
                s[gap] = h;
                s[gap + 1] = l;
                s[gap + 2] = s[at + 2];
                gap = at;
            }
        }
        s[gap] = 0;
        s[gap + 1] = 0;
        s[gap + 2] = 0;
    }

    /** The index of the key's slot, or −1; the key is not zero. */
    private int find(long hi, long lo) {
        long[] s = slots;
        int at = home(hi, lo);
        while (true) {
            long h = s[at];
            long l = s[at + 1];
            if (h == hi && l == lo) {
                return at;
            }
            if (h == 0 && l == 0) {
                return -1;
            }
            at = next(at);
        }
    }

    private void grow() {
        long[] old = slots;
        allocate((mask + 1) * 2);
        long[] s = slots;
        for (int i = 0; i < old.length; i += STRIDE) {
            long h = old[i];
            long l = old[i + 1];
            if (h != 0 || l != 0) {
                int at = home(h, l);
                while (s[at] != 0 || s[at + 1] != 0) {
                    at = next(at);
                }
                s[at] = h;
                s[at + 1] = l;
                s[at + 2] = old[i + 2];
            }
        }
    }

    private int next(int at) {
        at += STRIDE;
        return at == slots.length ? 0 : at;
    }

    /** The slot index (already multiplied by the stride) where the key's probe starts. */
    private int home(long hi, long lo) {
        // Mix both halves: time-based and sequential UUIDs differ in few bits.
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
        h ^= h >>> 29;
        return ((int) h & mask) * STRIDE;
    }

    private static boolean isZero(long hi, long lo) {
        return hi == 0 && lo == 0;
    }
}

package io.tidemark.core.state;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users' wake-ups (event-time timers at a lateness horizon), bucketed by minute like a timer
 * wheel: O(1) to add, and a horizon drains the due minutes in order. Within a minute the order does
 * not matter, because settling one user never touches another and the outputs are sorted.
 * <p>
 * A wake-up holds the user itself, not its id: no map lookup per wake-up. Each minute keeps its
 * times and users in two arrays, with no object per wake-up; the owner skips the stale ones (a
 * user whose {@code wakeAt} moved, or who was dropped).
 */
final class WakeQueue {

    private static final long BUCKET_MILLIS = 60_000;

    /** Receives a due wake-up. */
    @FunctionalInterface
    interface Due {
        void wake(long at, UserState user);
    }

    private static final class Minute {
        long[] times = new long[64];
        UserState[] users = new UserState[64];
        int size;

        void add(long at, UserState user) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                users = Arrays.copyOf(users, size * 2);
            }
            times[size] = at;
            users[size++] = user;
        }
    }

    // Consecutive wake-ups fall in a few minutes at once (just past an input, a session gap, an
    // active-user window, an attribution window ahead): a small direct-mapped cache of minutes
    // spares most of the tree lookups.
    private static final int CACHED = 16;

    private final TreeMap<Long, Minute> minutes = new TreeMap<>();
    private final long[] cachedBuckets = new long[CACHED];
    private final Minute[] cachedMinutes = new Minute[CACHED];

    void add(long at, UserState user) {
        long bucket = Math.floorDiv(at, BUCKET_MILLIS);
        int slot = (int) bucket & (CACHED - 1);
        Minute minute = cachedMinutes[slot];
        if (minute == null || cachedBuckets[slot] != bucket) {
            minute = minutes.computeIfAbsent(bucket, b -> new Minute());
            cachedBuckets[slot] = bucket;
            cachedMinutes[slot] = minute;
        }
        minute.add(at, user);
    }

    /** Hands every wake-up at or before {@code horizon} to {@code due}, in minute order, and removes it. */
    void drainDue(long horizon, Due due) {
        while (!minutes.isEmpty() && minutes.firstKey() * BUCKET_MILLIS <= horizon) {
            Map.Entry<Long, Minute> entry = minutes.pollFirstEntry();
            int slot = (int) (long) entry.getKey() & (CACHED - 1);
            if (cachedMinutes[slot] == entry.getValue()) {
                cachedMinutes[slot] = null;
            }
            boolean whole = (entry.getKey() + 1) * BUCKET_MILLIS - 1 <= horizon;
            Minute minute = entry.getValue();
            for (int i = 0; i < minute.size; i++) {
                long at = minute.times[i];
                if (at > horizon) {
                    add(at, minute.users[i]); // a partly due minute: keep what is not due
                } else {
                    due.wake(at, minute.users[i]);
                }
            }
            if (!whole) {
                break; // every later minute starts after the horizon
            }
        }
    }
}

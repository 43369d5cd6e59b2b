package io.tidemark.core.state.internal;

import io.tidemark.core.state.UserState;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wake-ups of owners of type {@code T} (the users' event-time timers at a lateness horizon),
 * bucketed by minute like a timer wheel: O(1) to add, and a horizon drains the due minutes in order.
 * Within a minute the order does not matter, because settling one user never touches another and
 * the outputs are sorted.
 * <p>
 * A wake-up holds the owner itself, not its id: no map lookup per wake-up. Each minute keeps its
 * times and owners in two arrays, with no object per wake-up; the caller skips the stale ones (a
 * user whose {@code wakeAt} moved, or who was dropped).
 * <p>
 * Why hand-made: docs/benchmarks.md ("Where the time goes") names it among the hot-path structures
 * reworked after profiling the core's step (wake-ups that come back to a user are one of the two
 * costs found); no figure of its own against a {@code PriorityQueue} or a {@code TreeMap} of users
 * is recorded there.
 */
public final class WakeQueue<T> {

    private static final long BUCKET_MILLIS = 60_000;

    /** Receives a due wake-up. */
    @FunctionalInterface
    public interface Due<T> {
        void wake(long at, T owner);
    }

    private static final class Minute {
        long[] times = new long[64];
        Object[] users = new Object[64];
        int size;

        void add(long at, Object user) {
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

    public void add(long at, T owner) {
        long bucket = Math.floorDiv(at, BUCKET_MILLIS);
        int slot = (int) bucket & (CACHED - 1);
        Minute minute = cachedMinutes[slot];
        if (minute == null || cachedBuckets[slot] != bucket) {
            minute = minutes.computeIfAbsent(bucket, b -> new Minute());
            cachedBuckets[slot] = bucket;
            cachedMinutes[slot] = minute;
        }
        minute.add(at, owner);
    }

    /** Hands every wake-up at or before {@code horizon} to {@code due}, in minute order, and removes it. */
    @SuppressWarnings("unchecked") // a minute holds only what add took: owners of type T
    public void drainDue(long horizon, Due<T> due) {
        while (!minutes.isEmpty()) {
            Map.Entry<Long, Minute> first = minutes.firstEntry();
            long bucket = first.getKey();
            if (bucket * BUCKET_MILLIS > horizon) {
                return;
            }
            Minute minute = first.getValue();
            if ((bucket + 1) * BUCKET_MILLIS - 1 <= horizon) {
                minutes.pollFirstEntry(); // wholly due: no wake-up a woken user queues can fall in it
                forget(bucket, minute);
                for (int i = 0; i < minute.size; i++) {
                    due.wake(minute.times[i], (T) minute.users[i]);
                }
                continue;
            }
            // The minute the horizon is in: wake the due, keep the rest in place (the horizon moves
            // through a minute in many small steps, so rebuilding it at each would copy it many times).
            // A woken user's next wake-up is after the horizon and may land in this minute: it is
            // appended, looked at further on in this loop, and kept.
            int kept = 0;
            for (int i = 0; i < minute.size; i++) {
                long at = minute.times[i];
                Object user = minute.users[i];
                if (at > horizon) {
                    minute.times[kept] = at;
                    minute.users[kept++] = user;
                } else {
                    due.wake(at, (T) user);
                }
            }
            Arrays.fill(minute.users, kept, minute.size, null);
            minute.size = kept;
            if (kept == 0) {
                minutes.pollFirstEntry();
                forget(bucket, minute);
            }
            return; // every later minute starts after the horizon
        }
    }

    private void forget(long bucket, Minute minute) {
        int slot = (int) bucket & (CACHED - 1);
        if (cachedMinutes[slot] == minute) {
            cachedMinutes[slot] = null;
        }
    }
}

package io.tidemark.core.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event ids a shard has accepted whose event time is still ≥ the lateness horizon: an older
 * copy of an event is late anyway (classification checks lateness before duplicates), so an id
 * can be forgotten once the horizon passes its event time. Ids are bucketed by event-time minute
 * for cheap expiry; {@link #contains} ignores entries already behind the horizon, so when the
 * memory is trimmed never changes a classification.
 */
public final class EventIdMemory {

    static final long BUCKET_MILLIS = 60_000;

    private final HashMap<Object, Long> times = new HashMap<>();
    private final TreeMap<Long, ArrayList<Object>> buckets = new TreeMap<>();
    private long lastBucket = Long.MIN_VALUE;
    private ArrayList<Object> lastBucketIds;

    /** Whether {@code key} (see {@link EventIds#key}) was accepted with an event time ≥ {@code horizon}. */
    public boolean contains(Object key, long horizon) {
        Long t = times.get(key);
        return t != null && t >= horizon;
    }

    /** Remembers an accepted event's id and event time. */
    public void remember(Object key, long eventTime) {
        Long previous = times.put(key, eventTime);
        if (previous != null) {
            // Re-accepted after the horizon passed its first copy: move it to its new bucket.
            ArrayList<Object> old = buckets.get(bucketOf(previous));
            if (old != null) {
                old.remove(key);
            }
        }
        long bucket = bucketOf(eventTime);
        if (bucket != lastBucket) {
            lastBucketIds = buckets.computeIfAbsent(bucket, b -> new ArrayList<>());
            lastBucket = bucket;
        }
        lastBucketIds.add(key);
    }

    /** Forgets the ids of whole buckets that end at or before {@code horizon}. */
    public void forgetBefore(long horizon) {
        Iterator<Map.Entry<Long, ArrayList<Object>>> it = buckets.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, ArrayList<Object>> bucket = it.next();
            if ((bucket.getKey() + 1) * BUCKET_MILLIS > horizon) {
                break;
            }
            for (Object key : bucket.getValue()) {
                times.remove(key);
            }
            it.remove();
            if (bucket.getKey() == lastBucket) {
                lastBucket = Long.MIN_VALUE;
                lastBucketIds = null;
            }
        }
    }

    public int size() {
        return times.size();
    }

    /** The remembered ids in bucket order (oldest event-time minute first), for snapshots. */
    public void forEach(IdConsumer consumer) {
        for (ArrayList<Object> bucket : buckets.values()) {
            for (Object key : bucket) {
                consumer.accept(key, times.get(key));
            }
        }
    }

    /** Receives one remembered id and its event time. */
    @FunctionalInterface
    public interface IdConsumer {
        void accept(Object key, long eventTime);
    }

    /** The ids in memory order (for tests). */
    List<Object> keys() {
        List<Object> out = new ArrayList<>();
        forEach((k, t) -> out.add(k));
        return out;
    }

    private static long bucketOf(long eventTime) {
        return Math.floorDiv(eventTime, BUCKET_MILLIS);
    }
}

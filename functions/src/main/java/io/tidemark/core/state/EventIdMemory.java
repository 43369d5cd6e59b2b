package io.tidemark.core.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event ids a shard has accepted, remembered while their event-time minute has not wholly
 * passed the lateness horizon: an older copy of an event is late anyway (classification checks
 * lateness before duplicates), so an id can be forgotten once the horizon passes the end of its
 * minute. Ids are bucketed by that minute; {@link #contains} judges by the bucket, not by whether
 * the bucket was dropped yet, so when the memory is trimmed never changes a classification.
 * <p>
 * Ids are held as their strings (the hash is computed once per record and cached by the string);
 * snapshots store UUID-form ids in 16 bytes.
 */
public final class EventIdMemory {

    static final long BUCKET_MILLIS = 60_000;

    private static final class Bucket {
        final long minute;
        final ArrayList<String> ids = new ArrayList<>();

        Bucket(long minute) {
            this.minute = minute;
        }

        long end() {
            return (minute + 1) * BUCKET_MILLIS;
        }
    }

    private final HashMap<String, Bucket> ids = new HashMap<>();
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private Bucket lastBucket;

    /** Whether {@code eventId} was accepted in an event-time minute that ends after {@code horizon}. */
    public boolean contains(String eventId, long horizon) {
        Bucket b = ids.get(eventId);
        return b != null && b.end() > horizon;
    }

    /** Remembers an accepted event's id under its event-time minute. */
    public void remember(String eventId, long eventTime) {
        long minute = Math.floorDiv(eventTime, BUCKET_MILLIS);
        Bucket bucket = lastBucket;
        if (bucket == null || bucket.minute != minute) {
            bucket = buckets.get(minute);
            if (bucket == null) {
                bucket = new Bucket(minute);
                buckets.put(minute, bucket);
            }
            lastBucket = bucket;
        }
        Bucket previous = ids.put(eventId, bucket);
        if (previous != null && previous != bucket) {
            previous.ids.remove(eventId); // re-accepted after its first minute was settled (rare)
        }
        bucket.ids.add(eventId);
    }

    /** Forgets the ids of minutes that end at or before {@code horizon}. */
    public void forgetBefore(long horizon) {
        while (!buckets.isEmpty()) {
            Map.Entry<Long, Bucket> first = buckets.firstEntry();
            Bucket bucket = first.getValue();
            if (bucket.end() > horizon) {
                break;
            }
            for (String id : bucket.ids) {
                ids.remove(id, bucket);
            }
            buckets.pollFirstEntry();
            if (lastBucket == bucket) {
                lastBucket = null;
            }
        }
    }

    public int size() {
        return ids.size();
    }

    /** The remembered ids by minute, oldest first, each minute in acceptance order (snapshots). */
    public void forEachMinute(MinuteConsumer consumer) {
        for (Bucket b : buckets.values()) {
            consumer.accept(b.minute * BUCKET_MILLIS, b.ids);
        }
    }

    /** Receives the start of one event-time minute and the ids remembered under it. */
    @FunctionalInterface
    public interface MinuteConsumer {
        void accept(long minuteStart, List<String> eventIds);
    }
}

package io.tidemark.core.state.dedupe;

import io.tidemark.core.state.internal.UuidLongMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The event ids a shard has accepted, remembered while their event-time minute has not wholly
 * passed the lateness horizon: an older copy of an event is late anyway (classification checks
 * lateness before duplicates), so an id can be forgotten once the horizon passes the end of its
 * minute. Ids are bucketed by that minute; {@link #contains} judges by the bucket, not by whether
 * the bucket was dropped yet, so when the memory is trimmed never changes a classification.
 * <p>
 * A busy shard remembers some 600 000 ids and looks each new one up, so their layout decides the
 * core's speed: ids in canonical UUID form (what producers send) are kept as their two halves in
 * a {@link UuidLongMap} (id → minute) and in per-minute lists of halves, with no object per id;
 * any other id is kept as its string in a {@code HashMap}.
 */
public final class EventIdMemory {

    static final long BUCKET_MILLIS = 60_000;
    /** {@link #rememberedMinute} of an id not remembered: below any {@code floorDiv(time, BUCKET_MILLIS)}. */
    public static final long NOT_REMEMBERED = Long.MIN_VALUE;

    /** The ids remembered under one event-time minute, each kind in acceptance order. */
    private static final class Minute {
        final long minute;
        long[] uuids = new long[32]; // hi, lo, hi, lo, …
        int uuidCount;
        final ArrayList<String> others = new ArrayList<>();

        Minute(long minute) {
            this.minute = minute;
        }

        long end() {
            return (minute + 1) * BUCKET_MILLIS;
        }

        void addUuid(long hi, long lo) {
            if (uuidCount * 2 == uuids.length) {
                uuids = Arrays.copyOf(uuids, uuids.length * 2);
            }
            uuids[uuidCount * 2] = hi;
            uuids[uuidCount * 2 + 1] = lo;
            uuidCount++;
        }

        void removeUuid(long hi, long lo) {
            for (int i = 0; i < uuidCount; i++) {
                if (uuids[i * 2] == hi && uuids[i * 2 + 1] == lo) {
                    System.arraycopy(uuids, i * 2 + 2, uuids, i * 2, (uuidCount - i - 1) * 2);
                    uuidCount--;
                    return;
                }
            }
        }
    }

    private final UuidLongMap uuidMinutes = new UuidLongMap();
    private final HashMap<String, Minute> otherIds = new HashMap<>();
    private final TreeMap<Long, Minute> minutes = new TreeMap<>();
    // Events arrive out of order by up to the watermark delay, so consecutive ids alternate
    // between neighbouring minutes: the last two minutes used spare most tree lookups.
    private Minute lastMinute;
    private Minute previousMinute;

    /** Whether {@code eventId} was accepted in an event-time minute that ends after {@code horizon}. */
    public boolean contains(String eventId, long horizon) {
        return isRememberedAt(rememberedMinute(eventId), horizon);
    }

    /**
     * The event-time minute (epoch minutes) under which {@code eventId} is remembered, or
     * {@link #NOT_REMEMBERED}; {@link #isRememberedAt} judges it against a horizon.
     */
    public long rememberedMinute(String eventId) {
        UUID uuid = EventIds.parseCanonicalUuid(eventId);
        return uuid == null ? rememberedMinuteOfOther(eventId) : rememberedMinute(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /** {@link #rememberedMinute(String)} of an id known not to be in canonical UUID form (it is not parsed again). */
    public long rememberedMinuteOfOther(String eventId) {
        Minute m = otherIds.get(eventId);
        return m == null ? NOT_REMEMBERED : m.minute;
    }

    /** {@link #rememberedMinute(String)} of an id in canonical UUID form, given as its halves. */
    public long rememberedMinute(long hi, long lo) {
        return uuidMinutes.get(hi, lo, NOT_REMEMBERED);
    }

    /**
     * {@link #rememberedMinute(long, long)} of {@code n} ids in canonical UUID form at once, into
     * {@code out}: a batch's lookups overlap their cache misses (see {@link UuidLongMap#getAll}).
     */
    public void rememberedMinutes(long[] his, long[] los, int n, long[] out) {
        uuidMinutes.getAll(his, los, n, NOT_REMEMBERED, out);
    }

    /** Whether an id remembered under {@code minute} (from {@link #rememberedMinute}) counts as accepted at {@code horizon}. */
    public static boolean isRememberedAt(long minute, long horizon) {
        return minute != NOT_REMEMBERED && (minute + 1) * BUCKET_MILLIS > horizon;
    }

    /** Remembers an accepted event's id under its event-time minute. */
    public void remember(String eventId, long eventTime) {
        UUID uuid = EventIds.parseCanonicalUuid(eventId);
        if (uuid == null) {
            rememberOther(eventId, minute(eventTime));
        } else {
            rememberUuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), eventTime);
        }
    }

    /** {@link #remember} for an id in canonical UUID form, given as its halves (snapshots). */
    public void rememberUuid(long hi, long lo, long eventTime) {
        Minute bucket = minute(eventTime);
        long previous = uuidMinutes.put(hi, lo, bucket.minute, NOT_REMEMBERED);
        if (previous != NOT_REMEMBERED && previous != bucket.minute) {
            Minute settled = minutes.get(previous);
            if (settled != null) {
                settled.removeUuid(hi, lo); // re-accepted after its first minute was settled (rare)
            }
        }
        bucket.addUuid(hi, lo);
    }

    /** Remembers every id {@code other} remembers, under the same minute, that this memory does not hold yet (a reshard's hand-over). */
    public void rememberAll(EventIdMemory other) {
        other.forEachMinute((minuteStart, uuids, uuidCount, others) -> {
            for (int i = 0; i < uuidCount; i++) {
                if (rememberedMinute(uuids[i * 2], uuids[i * 2 + 1]) == NOT_REMEMBERED) {
                    rememberUuid(uuids[i * 2], uuids[i * 2 + 1], minuteStart);
                }
            }
            for (String id : others) {
                if (rememberedMinuteOfOther(id) == NOT_REMEMBERED) {
                    rememberOther(id, minute(minuteStart));
                }
            }
        });
    }

    private void rememberOther(String eventId, Minute bucket) {
        Minute previous = otherIds.put(eventId, bucket);
        if (previous != null && previous != bucket) {
            previous.others.remove(eventId); // re-accepted after its first minute was settled (rare)
        }
        bucket.others.add(eventId);
    }

    private Minute minute(long eventTime) {
        long minute = Math.floorDiv(eventTime, BUCKET_MILLIS);
        Minute bucket = lastMinute;
        if (bucket != null && bucket.minute == minute) {
            return bucket;
        }
        bucket = previousMinute;
        if (bucket == null || bucket.minute != minute) {
            bucket = minutes.get(minute);
            if (bucket == null) {
                bucket = new Minute(minute);
                minutes.put(minute, bucket);
            }
        }
        previousMinute = lastMinute;
        lastMinute = bucket;
        return bucket;
    }

    /** Forgets the ids of minutes that end at or before {@code horizon}. */
    public void forgetBefore(long horizon) {
        while (!minutes.isEmpty()) {
            Map.Entry<Long, Minute> first = minutes.firstEntry();
            Minute bucket = first.getValue();
            if (bucket.end() > horizon) {
                break;
            }
            long[] uuids = bucket.uuids;
            for (int i = 0; i < bucket.uuidCount; i++) {
                uuidMinutes.remove(uuids[i * 2], uuids[i * 2 + 1], bucket.minute);
            }
            for (String id : bucket.others) {
                otherIds.remove(id, bucket);
            }
            minutes.pollFirstEntry();
            if (lastMinute == bucket) {
                lastMinute = null;
            }
            if (previousMinute == bucket) {
                previousMinute = null;
            }
        }
    }

    public int size() {
        return uuidMinutes.size() + otherIds.size();
    }

    /** Slots of the UUID id table (tests). */
    int tableCapacity() {
        return uuidMinutes.capacity();
    }

    /**
     * The remembered ids by minute, oldest first (snapshots): per minute the UUID-form ids as
     * halves ({@code hi, lo} pairs) in acceptance order, then the other ids in acceptance order.
     */
    public void forEachMinute(MinuteConsumer consumer) {
        for (Minute m : minutes.values()) {
            consumer.accept(m.minute * BUCKET_MILLIS, m.uuids, m.uuidCount, m.others);
        }
    }

    /** Receives one event-time minute: its start, {@code uuidCount} UUID ids as halves in {@code uuids}, and the other ids. */
    @FunctionalInterface
    public interface MinuteConsumer {
        void accept(long minuteStart, long[] uuids, int uuidCount, List<String> otherIds);
    }
}

package io.tidemark.core;

import io.tidemark.core.state.internal.UuidLongMap;

import java.util.HashMap;

/**
 * The event ids accepted so far while classifying one batch, with the event time of each: the
 * duplicates within a batch, which the shard's memory does not hold yet. UUID ids are keyed by
 * the halves {@link RecordFacts} parsed (no string hashing), other ids by their text.
 */
final class BatchEventIds {

    private final UuidLongMap uuidTimes;
    private final HashMap<String, Long> otherTimes = new HashMap<>();

    BatchEventIds(int records) {
        uuidTimes = new UuidLongMap(records);
    }

    /** Whether record {@code i}'s event id was accepted earlier in the batch at an event time ≥ {@code horizon}. */
    boolean acceptedAtOrAfter(RecordFacts facts, int i, String eventId, long horizon) {
        if (!facts.hasUuidId(i)) {
            Long t = otherTimes.get(eventId);
            return t != null && t >= horizon;
        }
        long hi = facts.idHi(i);
        long lo = facts.idLo(i);
        long t = uuidTimes.get(hi, lo, Long.MIN_VALUE);
        // Long.MIN_VALUE is also a possible event time: only then ask whether the key is there.
        return t >= horizon && (t != Long.MIN_VALUE || uuidTimes.containsKey(hi, lo));
    }

    void add(RecordFacts facts, int i, String eventId, long eventTime) {
        if (facts.hasUuidId(i)) {
            uuidTimes.put(facts.idHi(i), facts.idLo(i), eventTime, Long.MIN_VALUE);
        } else {
            otherTimes.put(eventId, eventTime);
        }
    }
}

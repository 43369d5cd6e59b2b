package io.tidemark.core;

import io.tidemark.core.state.dedupe.EventIdMemory;
import io.tidemark.core.state.dedupe.EventIds;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.Event;

import java.util.List;
import java.util.UUID;

/**
 * What {@link ShardProcessor#prepare} needs to know of each record that does not depend on the
 * records before it: the checks of its event, its event time, and the minute under which the
 * shard remembers its event id (parsed once: a UUID id as its two halves). Gathered in one tight loop before classifying, so that the cache
 * misses of reading many records and looking up many ids overlap instead of queuing one after
 * another (classification itself is sequential: the horizon moves with every accepted event).
 */
final class RecordFacts {

    private final List<String>[] problems;
    private final long[] eventTimes;
    private final long[] rememberedMinutes;
    private final boolean[] uuidIds;
    private final long[] idHi;
    private final long[] idLo;

    @SuppressWarnings("unchecked")
    private RecordFacts(int n) {
        problems = new List[n];
        eventTimes = new long[n];
        rememberedMinutes = new long[n];
        uuidIds = new boolean[n];
        idHi = new long[n];
        idLo = new long[n];
    }

    static RecordFacts of(List<StreamRecord> records, EventIdMemory memory, long maxAheadOfArrival) {
        int n = records.size();
        RecordFacts facts = new RecordFacts(n);
        for (int i = 0; i < n; i++) {
            Event e = records.get(i).event();
            if (e == null) {
                continue; // rejected by the shell already
            }
            List<String> problems = EventChecks.problems(records.get(i), maxAheadOfArrival);
            facts.problems[i] = problems;
            if (problems.isEmpty()) {
                facts.eventTimes[i] = e.eventTimeMillis();
                UUID uuid = EventIds.parseCanonicalUuid(e.eventId());
                if (uuid != null) {
                    facts.uuidIds[i] = true;
                    facts.idHi[i] = uuid.getMostSignificantBits();
                    facts.idLo[i] = uuid.getLeastSignificantBits();
                }
            }
        }
        // All the UUID ids in one batch lookup (the other records' answers are replaced just below).
        memory.rememberedMinutes(facts.idHi, facts.idLo, n, facts.rememberedMinutes);
        for (int i = 0; i < n; i++) {
            if (!facts.uuidIds[i]) {
                Event e = records.get(i).event();
                boolean otherId = e != null && facts.problems[i].isEmpty();
                facts.rememberedMinutes[i] = otherId ? memory.rememberedMinuteOfOther(e.eventId()) : EventIdMemory.NOT_REMEMBERED;
            }
        }
        return facts;
    }

    /** The record's problems (empty if none); its event must not be {@code null}. */
    List<String> problems(int i) {
        return problems[i];
    }

    /** The event time of a record without problems. */
    long eventTime(int i) {
        return eventTimes[i];
    }

    /** For a record without problems: {@link EventIdMemory#rememberedMinute} of its event id. */
    long rememberedMinute(int i) {
        return rememberedMinutes[i];
    }

    /** Whether the event id of a record without problems is in canonical UUID form, with halves {@link #idHi}, {@link #idLo}. */
    boolean hasUuidId(int i) {
        return uuidIds[i];
    }

    long idHi(int i) {
        return idHi[i];
    }

    long idLo(int i) {
        return idLo[i];
    }
}

package io.tidemark.core.stream;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedInputClockTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** Record i → its arrival, for records with these event times (null: an invalid line). */
    private static Map<Integer, Long> arrivals(List<Long> eventTimes) {
        return arrivals(eventTimes, 0);
    }

    private static Map<Integer, Long> arrivals(List<Long> eventTimes, long toleranceMillis) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        BoundedInputClock<Integer> clock = new BoundedInputClock<>(toleranceMillis);
        for (int i = 0; i < eventTimes.size(); i++) {
            Long t = eventTimes.get(i);
            clock.add(i, t == null ? BoundedInputClock.NO_EVENT_TIME : t, out::put);
        }
        clock.finish(out::put);
        return out;
    }

    @Test
    void aSparseFileArrivesNoEarlierThanItsEventsHappened() {
        // The sessions sample: activity 10:00–10:15, then 11:00–11:30.
        List<Long> times = List.of(at("2026-11-23T10:00:00Z"), at("2026-11-23T10:05:00Z"), at("2026-11-23T10:10:00Z"),
                at("2026-11-23T10:15:00Z"), at("2026-11-23T11:00:00Z"), at("2026-11-23T11:10:00Z"), at("2026-11-23T11:20:00Z"),
                at("2026-11-23T11:30:00Z"));

        Map<Integer, Long> arrivals = arrivals(times);

        assertThat(arrivals.keySet()).as("in file order").containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 0; i < times.size(); i++) {
            assertThat(arrivals.get(i)).as("record %d", i).isGreaterThanOrEqualTo(times.get(i));
        }
    }

    @Test
    void aRecordFarAheadOfItsNeighboursArrivesWithThem() {
        List<Long> times = new ArrayList<>();
        long start = at("2031-06-01T00:00:00Z"); // a file generated for another year
        for (int i = 0; i < 300; i++) {
            times.add(start + i * 1_000L);
        }
        times.set(0, at("9999-12-31T00:00:00Z")); // first
        times.set(150, at("9999-12-31T00:00:00Z")); // in the middle
        times.add(170, null); // an invalid line

        Map<Integer, Long> arrivals = arrivals(times);

        assertThat(arrivals).hasSize(times.size());
        long bound = Duration.ofMinutes(5).toMillis();
        assertThat(times.get(0) - arrivals.get(0)).isGreaterThan(bound);
        assertThat(times.get(150) - arrivals.get(150)).isGreaterThan(bound);
        for (int i = 1; i < times.size(); i++) {
            if (i != 150 && times.get(i) != null) {
                assertThat(times.get(i) - arrivals.get(i)).as("record %d is on time", i).isLessThanOrEqualTo(bound);
            }
        }
        assertThat(arrivals.get(170)).isBetween(start, start + 300_000L);
    }

    @Test
    void aRecordAheadOfTheRecordsAfterItByNoMoreThanTheToleranceIsNotTakenForAFarFutureOne() {
        // docs/semantics.md §3: after u1's 10:25, u2's 10:13 is allowed and u3's 10:12:59.999 is late. The
        // records after 10:25 lag it by 12 min — the watermark delay (2 min) and the allowed lateness (10 min).
        List<Long> times = List.of(at("2026-11-23T10:00:00Z"), at("2026-11-23T10:25:00Z"), at("2026-11-23T10:13:00Z"),
                at("2026-11-23T10:12:59.999Z"));
        long tolerance = Duration.ofMinutes(12).toMillis();

        Map<Integer, Long> arrivals = arrivals(times, tolerance);

        long maxAhead = Duration.ofMinutes(5).toMillis();
        assertThat(times.get(1) - arrivals.get(1)).as("10:25 is not ahead of its arrival by more than maxAheadOfArrival")
                .isLessThanOrEqualTo(maxAhead);
        assertThat(arrivals(times).get(1)).as("without the tolerance it would look 12 min ahead").isLessThan(times.get(1) - maxAhead);
        assertThat(arrivals(List.of(at("2026-11-23T10:00:00Z"), at("9999-12-31T00:00:00Z"), at("2026-11-23T10:01:00Z")), tolerance).get(1))
                .as("a stamp far beyond the tolerance still stands out").isLessThan(at("2026-11-23T11:00:00Z"));
    }
}

package io.tidemark.testkit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/** Clock times on one fixed day in UTC, so tests read like the seed's timelines ("10:05"). */
public final class Times {

    public static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private Times() {
    }

    /** {@code "10:05"} or {@code "10:05:30"} or {@code "10:05:30.250"} on {@link #DAY}, UTC. */
    public static Instant at(String clock) {
        return LocalTime.parse(clock).atDate(DAY).toInstant(ZoneOffset.UTC);
    }

    public static long ms(String clock) {
        return at(clock).toEpochMilli();
    }
}

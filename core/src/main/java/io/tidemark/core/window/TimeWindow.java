package io.tidemark.core.window;

import java.time.Instant;

/**
 * A half-open event-time window {@code [start, end)} in epoch milliseconds (UTC).
 */
public record TimeWindow(long start, long end) implements Comparable<TimeWindow> {

    public TimeWindow {
        if (end <= start) {
            throw new IllegalArgumentException("a window must end after it starts: [" + start + ", " + end + ")");
        }
    }

    public static TimeWindow of(Instant start, Instant end) {
        return new TimeWindow(start.toEpochMilli(), end.toEpochMilli());
    }

    public boolean contains(long timestamp) {
        return timestamp >= start && timestamp < end;
    }

    public boolean intersects(TimeWindow other) {
        return start < other.end && other.start < end;
    }

    public Instant startInstant() {
        return Instant.ofEpochMilli(start);
    }

    public Instant endInstant() {
        return Instant.ofEpochMilli(end);
    }

    @Override
    public int compareTo(TimeWindow other) {
        int c = Long.compare(start, other.start);
        return c != 0 ? c : Long.compare(end, other.end);
    }

    @Override
    public String toString() {
        return "[" + startInstant() + ", " + endInstant() + ")";
    }
}

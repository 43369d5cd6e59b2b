package io.tidemark.core.window;

import java.time.Duration;
import java.util.Objects;

/**
 * Fixed-size, non-overlapping windows aligned to the epoch in UTC: an event at {@code t} falls in
 * exactly one window {@code [t − t mod size, … + size)}.
 */
public final class TumblingWindows {

    private final long sizeMillis;

    private TumblingWindows(long sizeMillis) {
        this.sizeMillis = sizeMillis;
    }

    public static TumblingWindows ofSize(Duration size) {
        Objects.requireNonNull(size, "size");
        long millis = size.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("tumbling window size must be at least 1 ms, got " + size);
        }
        return new TumblingWindows(millis);
    }

    public long sizeMillis() {
        return sizeMillis;
    }

    /** Start of the window containing {@code timestamp}. */
    public long windowStart(long timestamp) {
        return startOf(timestamp, sizeMillis);
    }

    /**
     * Start of the epoch-aligned window of {@code sizeMillis} containing {@code timestamp} (the floor,
     * also before 1970). The views' pages and activity slots are such windows.
     */
    public static long startOf(long timestamp, long sizeMillis) {
        return Math.floorDiv(timestamp, sizeMillis) * sizeMillis;
    }

    public TimeWindow windowFor(long timestamp) {
        long start = windowStart(timestamp);
        return new TimeWindow(start, start + sizeMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TumblingWindows other && other.sizeMillis == sizeMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sizeMillis);
    }

    @Override
    public String toString() {
        return "TumblingWindows[size=" + Duration.ofMillis(sizeMillis) + "]";
    }
}

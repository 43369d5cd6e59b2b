package io.tidemark.core.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fixed-size windows that start every {@code slide}, aligned to the epoch in UTC: the windows are
 * {@code [k·slide, k·slide + size)} for every integer {@code k}. An event belongs to
 * {@code size / slide} windows when the slide divides the size (5 min / 1 min: five windows).
 */
public final class SlidingWindows {

    private final long sizeMillis;
    private final long slideMillis;

    private SlidingWindows(long sizeMillis, long slideMillis) {
        this.sizeMillis = sizeMillis;
        this.slideMillis = slideMillis;
    }

    public static SlidingWindows ofSizeAndSlide(Duration size, Duration slide) {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(slide, "slide");
        long sizeMillis = size.toMillis();
        long slideMillis = slide.toMillis();
        if (slideMillis <= 0 || sizeMillis < slideMillis) {
            throw new IllegalArgumentException("sliding windows need 0 < slide <= size, got size " + size + ", slide " + slide);
        }
        return new SlidingWindows(sizeMillis, slideMillis);
    }

    public long sizeMillis() {
        return sizeMillis;
    }

    public long slideMillis() {
        return slideMillis;
    }

    /** Start of the last (latest-starting) window containing {@code timestamp}. */
    public long lastWindowStart(long timestamp) {
        return TumblingWindows.startOf(timestamp, slideMillis);
    }

    /** How many windows contain an event: {@code size / slide}. */
    public int windowsPerEvent() {
        return (int) (sizeMillis / slideMillis);
    }

    /**
     * The windows containing {@code timestamp}, sorted by start, as a list: what a per-event
     * implementation writes to. {@code ActiveUsersView} counts a user in the same windows without
     * listing them (from {@link #lastWindowStart} back {@link #windowsPerEvent} slides).
     */
    public List<TimeWindow> assignWindows(long timestamp) {
        List<TimeWindow> windows = new ArrayList<>((int) (sizeMillis / slideMillis) + 1);
        long last = lastWindowStart(timestamp);
        long first = last;
        while (first - slideMillis > timestamp - sizeMillis) {
            first -= slideMillis;
        }
        for (long start = first; start <= last; start += slideMillis) {
            windows.add(new TimeWindow(start, start + sizeMillis));
        }
        return windows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlidingWindows other && other.sizeMillis == sizeMillis && other.slideMillis == slideMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sizeMillis) * 31 + Long.hashCode(slideMillis);
    }

    @Override
    public String toString() {
        return "SlidingWindows[size=" + Duration.ofMillis(sizeMillis) + ", slide=" + Duration.ofMillis(slideMillis) + "]";
    }
}

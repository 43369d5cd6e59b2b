package io.tidemark.core.time;

/** Where an event falls relative to the watermark {@code W} and the lateness horizon {@code H}. */
public enum Timeliness {
    /** At or after the watermark: {@code t ≥ W}. */
    ON_TIME,
    /** Behind the watermark but within the allowed lateness: {@code H ≤ t < W}; still counted. */
    LATE_BUT_ALLOWED,
    /** Before the horizon, in settled time: {@code t < H}; changes no view, goes to the late store. */
    LATE
}

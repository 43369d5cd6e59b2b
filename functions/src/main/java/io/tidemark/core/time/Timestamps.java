package io.tidemark.core.time;

import java.time.Instant;

/**
 * Event time in the core is epoch milliseconds (UTC) in a {@code long}; the two ends of the range
 * stand for the infinities: a watermark starts at −∞ and jumps to +∞ at the end of a bounded input.
 * Arithmetic saturates so that an infinity never wraps around.
 */
public final class Timestamps {

    /** −∞: nothing has been seen yet. */
    public static final long NEGATIVE_INFINITY = Long.MIN_VALUE;
    /** +∞: the end of input; every window is final and every timer has fired. */
    public static final long POSITIVE_INFINITY = Long.MAX_VALUE;

    private Timestamps() {
    }

    /** {@code t − d} for {@code d ≥ 0}; the infinities stay where they are. */
    public static long minus(long t, long d) {
        if (t == NEGATIVE_INFINITY || t == POSITIVE_INFINITY) {
            return t;
        }
        long r = t - d;
        return ((t ^ d) & (t ^ r)) < 0 ? NEGATIVE_INFINITY : r;
    }

    /** {@code t + d} for {@code d ≥ 0}; the infinities stay where they are. */
    public static long plus(long t, long d) {
        if (t == NEGATIVE_INFINITY || t == POSITIVE_INFINITY) {
            return t;
        }
        long r = t + d;
        return ((t ^ r) & (d ^ r)) < 0 ? POSITIVE_INFINITY : r;
    }

    /** ISO-8601 UTC, or {@code -inf} / {@code +inf}. */
    public static String format(long t) {
        if (t == NEGATIVE_INFINITY) {
            return "-inf";
        }
        if (t == POSITIVE_INFINITY) {
            return "+inf";
        }
        return Instant.ofEpochMilli(t).toString();
    }
}

package io.tidemark.core.time;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

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

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long LAST_DAY_OF_9999 = LocalDate.of(9999, 12, 31).toEpochDay();

    /**
     * Exactly {@code Instant.ofEpochMilli(epochMilli).toString()} (ISO-8601 UTC, a fraction only if
     * the instant has milliseconds), built digit by digit for the years 1970–9999: the formatter
     * behind {@code Instant.toString} is a few hundred nanoseconds per call, which the cart view's
     * alert ids would pay on every abandonment.
     */
    public static String isoInstant(long epochMilli) {
        long day = Math.floorDiv(epochMilli, MILLIS_PER_DAY);
        if (day < 0 || day > LAST_DAY_OF_9999) {
            return Instant.ofEpochMilli(epochMilli).toString();
        }
        int millisOfDay = (int) Math.floorMod(epochMilli, MILLIS_PER_DAY);
        int millis = millisOfDay % 1000;
        int seconds = millisOfDay / 1000;
        LocalDate date = LocalDate.ofEpochDay(day);
        byte[] out = new byte[millis == 0 ? 20 : 24];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, seconds / 3600, 2);
        out[13] = ':';
        digits(out, 14, seconds / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, seconds % 60, 2);
        if (millis != 0) {
            out[19] = '.';
            digits(out, 20, millis, 3);
        }
        out[out.length - 1] = 'Z';
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}

package io.tidemark.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The one shape of instant the contract's {@code timestamp} takes: {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction
 * of 1 to 9 digits, then {@code Z} or {@code ±HH:mm}. Read by position once the shape has matched, and checked by
 * java.time's own factories (month, day of month, hour, offset range): the same instants and the same refusals as
 * {@code OffsetDateTime.parse(text, ISO_OFFSET_DATE_TIME)} on this shape, without the formatter's parsing machinery,
 * which a Lambda cold start paid for on its first batch.
 */
final class ContractInstant {

    static final Pattern SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

    private static final int[] NANOS_PER_DIGIT = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private ContractInstant() {
    }

    /** The instant a text of {@link #SHAPE} names; a {@link DateTimeException} naming the field when no such instant exists. */
    static Instant read(String text) {
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (Character.isDigit(text.charAt(i))) {
                i++;
            }
            nanos = number(text, start, i) * NANOS_PER_DIGIT[i - start - 1];
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (text.charAt(i) != 'Z') {
            int sign = text.charAt(i) == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * number(text, i + 1, i + 3), sign * number(text, i + 4, i + 6));
        }
        return LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10), number(text, 11, 13), number(text, 14, 16),
                number(text, 17, 19), nanos).toInstant(offset);
    }

    private static int number(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }
}

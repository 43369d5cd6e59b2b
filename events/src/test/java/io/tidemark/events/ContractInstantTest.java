package io.tidemark.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's instants read by position give what java.time's ISO formatter gives for the same text, refusals included. */
class ContractInstantTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T10:00:00.000Z", "2024-02-29T00:00:00Z", "2026-12-31T23:59:59.999999999+05:30", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59-18:00", "2026-06-01T12:00:00.5-00:00", "2026-06-01T12:00:00.123456+18:00", "1970-01-01T00:00:00.1Z"})
    void readsWhatTheIsoFormatterReads(String text) {
        assertThat(ContractInstant.SHAPE.matcher(text).matches()).isTrue();
        assertThat(ContractInstant.read(text)).isEqualTo(iso(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "2026-01-01T00:00:00+18:01", "2026-01-01T00:00:00-19:00",
            "2026-01-01T00:00:00+05:60"})
    void refusesWhatTheIsoFormatterRefuses(String text) {
        assertThat(ContractInstant.SHAPE.matcher(text).matches()).isTrue();
        assertThatThrownBy(() -> iso(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> ContractInstant.read(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void agreesWithTheIsoFormatterOnRandomTextsOfTheShape() {
        Random random = new Random(20261205);
        int refused = 0;
        for (int n = 0; n < 200_000; n++) {
            String text = randomText(random);
            Instant expected;
            try {
                expected = iso(text);
            } catch (DateTimeException e) {
                refused++;
                assertThatThrownBy(() -> ContractInstant.read(text)).as(text).isInstanceOf(DateTimeException.class);
                continue;
            }
            assertThat(ContractInstant.read(text)).as(text).isEqualTo(expected);
        }
        // Both outcomes were exercised many times over.
        assertThat(refused).isBetween(20_000, 180_000);
    }

    /** Any digits in every place (months up to 19, days up to 39, hours up to 29, …), so that real and impossible instants mix. */
    private static String randomText(Random r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%04d-%d%d-%d%d", r.nextInt(10_000), r.nextInt(2), r.nextInt(10), r.nextInt(4), r.nextInt(10)));
        s.append(String.format("T%d%d:%d%d:%d%d", r.nextInt(3), r.nextInt(10), r.nextInt(7), r.nextInt(10), r.nextInt(7), r.nextInt(10)));
        int fraction = r.nextInt(10);
        if (fraction > 0) {
            s.append('.');
            for (int i = 0; i < fraction; i++) {
                s.append(r.nextInt(10));
            }
        }
        switch (r.nextInt(3)) {
            case 0 -> s.append('Z');
            default -> s.append(r.nextBoolean() ? '+' : '-').append(String.format("%d%d:%d%d", r.nextInt(2), r.nextInt(10), r.nextInt(7), r.nextInt(10)));
        }
        assertThat(ContractInstant.SHAPE.matcher(s).matches()).as(s.toString()).isTrue();
        return s.toString();
    }

    private static Instant iso(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
}

package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;

/**
 * The event time of a record (its top-level {@code timestamp}), read without building a tree or
 * validating the rest: what a bounded input's own clock is made of. Empty for a record without a
 * readable one (an invalid record, which the validator reports with its reasons).
 */
public final class EventTimes {

    private static final JsonFactory JSON = new JsonFactory();

    private EventTimes() {
    }

    /** Epoch milliseconds of the record's {@code timestamp}, if it has one in the contract's form. */
    public static OptionalLong of(byte[] record) {
        try (JsonParser p = JSON.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return OptionalLong.empty();
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("timestamp".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parse(p.getText()) : OptionalLong.empty();
                }
                p.skipChildren();
            }
        } catch (IOException malformed) {
            // not JSON (or cut short before the timestamp): no time of its own
        }
        return OptionalLong.empty();
    }

    private static OptionalLong parse(String text) {
        try {
            return OptionalLong.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}

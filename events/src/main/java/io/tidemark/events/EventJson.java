package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes an {@link Event} as the contract's JSON (one line, UTF-8), the inverse of {@link EventValidator}. */
public final class EventJson {

    /** Millisecond precision in UTC with a {@code Z}, e.g. {@code 2026-11-23T10:00:00.000Z}. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    public static String formatTimestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static byte[] toBytes(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(192);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(e, g);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    public static String toJson(Event e) {
        return new String(toBytes(e), StandardCharsets.UTF_8);
    }

    /** Writes the event as one JSON object; amounts as exact decimal numbers. */
    public static void write(Event e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("event_id", e.eventId());
        g.writeStringField("type", e.type().wireName());
        g.writeStringField("user_id", e.userId());
        g.writeStringField("timestamp", formatTimestamp(e.timestamp()));
        switch (e.type()) {
            case PAGE_VIEW -> g.writeStringField("page", e.page());
            case ADD_TO_CART, REMOVE_FROM_CART -> {
                g.writeStringField("product_id", e.productId());
                g.writeNumberField("quantity", e.quantity());
            }
            case PURCHASE -> {
                g.writeStringField("order_id", e.orderId());
                g.writeFieldName("amount");
                g.writeNumber(e.amount().toPlainString());
                g.writeStringField("currency", e.currency());
            }
            case AD_IMPRESSION, AD_CLICK -> g.writeStringField("ad_id", e.adId());
        }
        g.writeEndObject();
    }
}

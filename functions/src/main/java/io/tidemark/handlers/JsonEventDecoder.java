package io.tidemark.handlers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SPEC §1 decoding and validation with Jackson: one JSON object per record, UTF-8. Used by the
 * handlers until the events module's {@code EventValidator} lands on main; every problem names the
 * field and what it accepts.
 */
public final class JsonEventDecoder implements RecordDecoder {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int MAX_ID = 128;
    private static final Set<String> TYPES = Set.of("page_view", "add_to_cart", "remove_from_cart", "purchase", "ad_impression", "ad_click");

    @Override
    public Decoded decode(byte[] data) {
        if (data == null || data.length == 0) {
            return new Invalid(List.of("record: empty; expected one JSON object (SPEC §1)"));
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
        } catch (CharacterCodingException e) {
            return new Invalid(List.of("record: not valid UTF-8"));
        }
        JsonNode root;
        try (JsonParser p = JSON.createParser(data)) {
            root = JSON.readTree(p);
            if (p.nextToken() != null) {
                return new Invalid(List.of("record: more than one JSON value; expected exactly one JSON object"));
            }
        } catch (IOException e) {
            return new Invalid(List.of("record: not JSON (" + firstLine(e.getMessage()) + ")"));
        }
        if (root == null || !root.isObject()) {
            return new Invalid(List.of("record: expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType().name().toLowerCase())));
        }
        List<String> problems = new ArrayList<>();
        String eventId = id(root, "event_id", problems);
        String userId = id(root, "user_id", problems);
        EventType type = null;
        JsonNode t = root.get("type");
        if (t == null || t.isNull()) {
            problems.add("type: required, one of " + String.join(", ", sortedTypes()));
        } else if (!t.isTextual() || !TYPES.contains(t.asText())) {
            problems.add("type: must be one of " + String.join(", ", sortedTypes()) + "; got " + t);
        } else {
            type = EventType.fromWireName(t.asText()).orElseThrow();
        }
        Instant timestamp = timestamp(root, problems);
        String page = null;
        String productId = null;
        int quantity = 0;
        String orderId = null;
        BigDecimal amount = null;
        String currency = null;
        String adId = null;
        if (type != null) {
            switch (type) {
                case PAGE_VIEW -> page = requiredString(root, "page", type, problems);
                case ADD_TO_CART, REMOVE_FROM_CART -> {
                    productId = requiredString(root, "product_id", type, problems);
                    quantity = quantity(root, problems);
                }
                case PURCHASE -> {
                    orderId = requiredString(root, "order_id", type, problems);
                    amount = amount(root, problems);
                    currency = currency(root, problems);
                }
                case AD_IMPRESSION, AD_CLICK -> adId = requiredString(root, "ad_id", type, problems);
            }
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Valid(new Event(eventId, type, userId, timestamp, page, productId, quantity, orderId, amount, currency, adId));
    }

    private static List<String> sortedTypes() {
        return List.of("page_view", "add_to_cart", "remove_from_cart", "purchase", "ad_impression", "ad_click");
    }

    private static String id(JsonNode root, String field, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            problems.add(field + ": required (a string of 1-" + MAX_ID + " characters)");
            return null;
        }
        if (!v.isTextual()) {
            problems.add(field + ": must be a string of 1-" + MAX_ID + " characters, got " + v.getNodeType().name().toLowerCase());
            return null;
        }
        String s = v.asText();
        int length = s.codePointCount(0, s.length());
        if (length < 1 || length > MAX_ID) {
            problems.add(field + ": must be 1-" + MAX_ID + " characters, got " + length);
            return null;
        }
        return s;
    }

    private static Instant timestamp(JsonNode root, List<String> problems) {
        JsonNode v = root.get("timestamp");
        if (v == null || v.isNull()) {
            problems.add("timestamp: required, an ISO-8601 instant with offset such as 2026-11-23T10:00:00.000Z");
            return null;
        }
        if (!v.isTextual()) {
            problems.add("timestamp: must be a string such as 2026-11-23T10:00:00.000Z, got " + v.getNodeType().name().toLowerCase());
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            problems.add("timestamp: not an ISO-8601 instant with offset (e.g. 2026-11-23T10:00:00.000Z): '" + v.asText() + "'");
            return null;
        }
    }

    private static String requiredString(JsonNode root, String field, EventType type, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            problems.add(field + ": required for " + type.wireName());
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            problems.add(field + ": must be a non-empty string for " + type.wireName());
            return null;
        }
        return v.asText();
    }

    private static int quantity(JsonNode root, List<String> problems) {
        JsonNode v = root.get("quantity");
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            problems.add("quantity: must be an integer >= 1, got " + v);
            return 0;
        }
        return v.asInt();
    }

    private static BigDecimal amount(JsonNode root, List<String> problems) {
        JsonNode v = root.get("amount");
        if (v == null || v.isNull()) {
            problems.add("amount: required for purchase (a JSON number >= 0 with at most 2 fraction digits)");
            return null;
        }
        if (!v.isNumber()) {
            problems.add("amount: must be a JSON number (not a string), got " + v);
            return null;
        }
        BigDecimal amount = v.decimalValue();
        if (amount.signum() < 0) {
            problems.add("amount: must be >= 0, got " + amount.toPlainString());
            return null;
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            problems.add("amount: at most 2 fraction digits, got " + amount.toPlainString());
            return null;
        }
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }

    private static String currency(JsonNode root, List<String> problems) {
        JsonNode v = root.get("currency");
        if (v == null || v.isNull()) {
            return Event.DEFAULT_CURRENCY;
        }
        if (!v.isTextual() || !v.asText().matches("[A-Z]{3}")) {
            problems.add("currency: must be an ISO-4217 code of three capital letters such as USD, got " + v);
            return null;
        }
        return v.asText();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

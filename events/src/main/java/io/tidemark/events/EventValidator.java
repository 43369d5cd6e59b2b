package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one record against the event contract (docs/spec.md §1, the JSON Schemas in
 * {@code events/schemas/}) and returns either the {@link Event} or <em>every</em> problem, each
 * naming its field: {@code amount: must be ≥ 0, got -3}.
 * <p>
 * Written directly against Jackson's streaming parser rather than run through a JSON-Schema engine
 * because it sits on the hot path of every record and must explain itself in plain words; a test checks
 * that it accepts and rejects exactly what the published schemas do. Numbers are read as
 * {@link BigDecimal}, never as doubles. Thread-safe.
 * <p>
 * No object tree either: building Jackson's databind costs a cold Lambda about 140 ms before its first
 * record. The reading is as strict as the tree's was: the whole record is parsed, every string decoded
 * and every number read, so a malformed byte, a duplicate key (at any depth) or a trailing token fails
 * with the parser's message and place, wherever it is.
 */
public final class EventValidator {

    /** A Kinesis record holds at most 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_QUANTITY = 1_000_000;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_QUANTITY_DECIMAL = BigDecimal.valueOf(MAX_QUANTITY);
    /** The first bytes of a record aggregated by the Kinesis Producer Library (its protobuf envelope). */
    private static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    /** The members the contract names: only these are kept when a record is read. */
    private static final Set<String> FIELDS = Set.of("event_id", "type", "user_id", "timestamp", "page", "product_id", "quantity", "order_id",
            "amount", "currency", "ad_id");
    /** Markers for the values the contract has no use for beyond naming their kind. */
    private static final Object NULL = new Object(), ARRAY = new Object(), OBJECT = new Object();
    /** What follows the record's JSON value: a record holds exactly one event. */
    private static final String TRAILING = "Trailing token (of type %s) found after the JSON value: put exactly one JSON object in a record";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    public ValidationResult validate(String json) {
        return validate(json.getBytes(StandardCharsets.UTF_8));
    }

    public ValidationResult validate(byte[] utf8) {
        if (utf8.length > MAX_RECORD_BYTES) {
            return invalid("record", "is " + utf8.length + " bytes, more than the 1 MiB (" + MAX_RECORD_BYTES + " bytes) limit");
        }
        if (isAggregated(utf8)) {
            return invalid("record", "is aggregated by the Kinesis Producer Library (it starts with KPL's magic bytes F3 89 9A C2), "
                    + "but Tidemark reads one JSON event per record and Lambda does not de-aggregate: turn KPL aggregation off "
                    + "(AggregationEnabled=false) or put the events one per record");
        }
        Object root;
        try {
            root = read(utf8);
        } catch (JsonProcessingException e) {
            return invalid("record", "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : ""));
        } catch (IOException e) {
            return invalid("record", "could not be read: " + e.getMessage());
        }
        if (root == null) {
            return invalid("record", "is empty: expected a JSON object");
        }
        if (!(root instanceof Map<?, ?> members)) {
            return invalid("record", "must be a JSON object, got " + kind(root));
        }
        return validate(members);
    }

    /**
     * The record's object as a map of the members the contract names, or another value: a {@code String}, an exact
     * {@code BigDecimal} ({@code 0.10} keeps its scale), a {@code Boolean}, {@link #NULL}, {@link #ARRAY}, {@link #OBJECT};
     * {@code null} if the record holds none.
     */
    private static Object read(byte[] utf8) throws IOException {
        try (JsonParser p = JSON.createParser(utf8)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            Object root;
            if (first == JsonToken.START_OBJECT) {
                Map<String, Object> members = new HashMap<>(16);
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    Object value = value(p);
                    if (FIELDS.contains(name)) {
                        members.put(name, value);
                    }
                }
                root = members;
            } else {
                root = value(p);
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new JsonParseException(p, String.format(TRAILING, trailing), p.currentTokenLocation());
            }
            return root;
        }
    }

    /** The value at the current token; containers are walked to their end, every scalar in them read. */
    private static Object value(JsonParser p) throws IOException {
        switch (p.currentTokenId()) {
            case JsonTokenId.ID_STRING:
                return p.getText();
            case JsonTokenId.ID_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? new BigDecimal(p.getBigIntegerValue())
                        : BigDecimal.valueOf(p.getLongValue());
            case JsonTokenId.ID_NUMBER_FLOAT:
                return p.getDecimalValue();
            case JsonTokenId.ID_TRUE:
                return Boolean.TRUE;
            case JsonTokenId.ID_FALSE:
                return Boolean.FALSE;
            case JsonTokenId.ID_START_OBJECT:
                while (p.nextFieldName() != null) {
                    p.nextToken();
                    value(p);
                }
                return OBJECT;
            case JsonTokenId.ID_START_ARRAY:
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    value(p);
                }
                return ARRAY;
            case JsonTokenId.ID_NULL:
                return NULL;
            default: // the parser reports an unclosed container itself; this only guards against its end
                throw new JsonParseException(p, "Unexpected end-of-input", p.currentLocation());
        }
    }

    private static boolean isAggregated(byte[] data) {
        if (data.length < KPL_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < KPL_MAGIC.length; i++) {
            if (data[i] != KPL_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private ValidationResult validate(Map<?, ?> root) {
        List<Problem> problems = new ArrayList<>(2);
        String eventId = identifier(root, "event_id", problems);
        String userId = identifier(root, "user_id", problems);
        Instant timestamp = instant(root, "timestamp", problems);
        EventType type = null;
        Object typeNode = root.get("type");
        if (typeNode == null) {
            problems.add(new Problem("type", "is required"));
        } else if (!(typeNode instanceof String typeName)) {
            problems.add(new Problem("type", "must be a string, got " + kind(typeNode)));
        } else {
            type = EventType.fromWireName(typeName).orElse(null);
            if (type == null) {
                problems.add(new Problem("type", "must be one of page_view, add_to_cart, remove_from_cart, purchase, "
                        + "ad_impression, ad_click, got '" + shorten(typeName) + "'"));
            }
        }

        String page = null, productId = null, orderId = null, currency = null, adId = null;
        int quantity = 0;
        BigDecimal amount = null;
        if (type != null) {
            switch (type) {
                case PAGE_VIEW -> page = text(root, "page", problems);
                case ADD_TO_CART, REMOVE_FROM_CART -> {
                    productId = text(root, "product_id", problems);
                    quantity = quantity(root, problems);
                }
                case PURCHASE -> {
                    orderId = text(root, "order_id", problems);
                    amount = amount(root, problems);
                    currency = currency(root, problems);
                }
                case AD_IMPRESSION, AD_CLICK -> adId = text(root, "ad_id", problems);
            }
        }
        if (!problems.isEmpty()) {
            return new ValidationResult.Invalid(problems);
        }
        return new ValidationResult.Valid(new Event(eventId, type, userId, timestamp, page, productId, quantity, orderId, amount,
                currency, adId));
    }

    private static String identifier(Map<?, ?> root, String field, List<Problem> problems) {
        String value = text(root, field, problems);
        if (value != null && value.codePointCount(0, value.length()) > MAX_ID_LENGTH) {
            problems.add(new Problem(field, "must be at most " + MAX_ID_LENGTH + " characters, got "
                    + value.codePointCount(0, value.length())));
            return null;
        }
        return value;
    }

    private static String text(Map<?, ?> root, String field, List<Problem> problems) {
        Object node = root.get(field);
        if (node == null) {
            problems.add(new Problem(field, "is required"));
            return null;
        }
        if (!(node instanceof String text)) {
            problems.add(new Problem(field, "must be a string, got " + kind(node)));
            return null;
        }
        if (text.isEmpty()) {
            problems.add(new Problem(field, "must not be empty"));
            return null;
        }
        return text;
    }

    private static Instant instant(Map<?, ?> root, String field, List<Problem> problems) {
        String value = text(root, field, problems);
        if (value == null) {
            return null;
        }
        if (!ContractInstant.SHAPE.matcher(value).matches()) {
            problems.add(new Problem(field, "must be an ISO-8601 instant with an offset, such as 2026-11-23T10:00:00.000Z, got '"
                    + shorten(value) + "'"));
            return null;
        }
        try {
            return ContractInstant.read(value);
        } catch (DateTimeException e) {
            problems.add(new Problem(field, "is not a real instant (" + e.getMessage().toLowerCase(Locale.ROOT) + "), got '" + value + "'"));
            return null;
        }
    }

    private static int quantity(Map<?, ?> root, List<Problem> problems) {
        Object node = root.get("quantity");
        if (node == null) {
            return 1;
        }
        if (!(node instanceof BigDecimal value)) {
            problems.add(new Problem("quantity", "must be a whole number ≥ 1, got " + kind(node)));
            return 0;
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            problems.add(new Problem("quantity", "must be a whole number ≥ 1, got " + value));
            return 0;
        }
        if (value.compareTo(BigDecimal.ONE) < 0) {
            problems.add(new Problem("quantity", "must be ≥ 1, got " + value));
            return 0;
        }
        if (value.compareTo(MAX_QUANTITY_DECIMAL) > 0) {
            problems.add(new Problem("quantity", "must be at most " + MAX_QUANTITY + ", got " + value));
            return 0;
        }
        return value.intValueExact();
    }

    private static BigDecimal amount(Map<?, ?> root, List<Problem> problems) {
        Object node = root.get("amount");
        if (node == null) {
            problems.add(new Problem("amount", "is required"));
            return null;
        }
        if (!(node instanceof BigDecimal value)) {
            problems.add(new Problem("amount", "must be a JSON number such as 37.25, got " + kind(node)));
            return null;
        }
        boolean ok = true;
        if (value.signum() < 0) {
            problems.add(new Problem("amount", "must be ≥ 0, got " + value.toPlainString()));
            ok = false;
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 2) {
            problems.add(new Problem("amount", "must have at most 2 fraction digits, got " + value.toPlainString()));
            ok = false;
        }
        return ok ? value : null;
    }

    private static String currency(Map<?, ?> root, List<Problem> problems) {
        Object node = root.get("currency");
        if (node == null) {
            return Event.DEFAULT_CURRENCY;
        }
        if (!(node instanceof String code)) {
            problems.add(new Problem("currency", "must be a string, got " + kind(node)));
            return null;
        }
        if (!CURRENCY.matcher(code).matches()) {
            problems.add(new Problem("currency", "must be an ISO-4217 code of three capital letters such as USD, got '"
                    + shorten(code) + "'"));
            return null;
        }
        return code;
    }

    /** The "got …" part of a problem: {@code a number (7)}, {@code a string ('x')}, {@code an object}. */
    private static String kind(Object value) {
        if (value instanceof String s) {
            return "a string ('" + shorten(s) + "')";
        }
        if (value instanceof BigDecimal d) {
            return "a number (" + d + ")";
        }
        if (value instanceof Boolean b) {
            return "a boolean (" + b + ")";
        }
        return value == ARRAY ? "an array" : value == OBJECT ? "an object" : "null";
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }

    private static ValidationResult invalid(String field, String reason) {
        return new ValidationResult.Invalid(List.of(new Problem(field, reason)));
    }
}

package io.tidemark.events;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one record against the event contract (docs/spec.md §1, the JSON Schemas in
 * {@code events/schemas/}) and returns either the {@link Event} or <em>every</em> problem, each
 * naming its field: {@code amount: must be ≥ 0, got -3}.
 * <p>
 * Written directly against Jackson's streaming parser ({@link RecordReader}) rather than run through a
 * JSON-Schema engine because it sits on the hot path of every record and must explain itself in plain
 * words; a test checks that it accepts and rejects exactly what the published schemas do. Numbers are
 * read as {@link BigDecimal}, never as doubles. Thread-safe.
 */
public final class EventValidator {

    /** A Kinesis record holds at most 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_QUANTITY = 1_000_000;

    private static final Pattern INSTANT =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_QUANTITY_DECIMAL = BigDecimal.valueOf(MAX_QUANTITY);
    /** The first bytes of a record aggregated by the Kinesis Producer Library (its protobuf envelope). */
    private static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private static final RecordReader READER = new RecordReader(Set.of("event_id", "type", "user_id", "timestamp", "page", "product_id",
            "quantity", "order_id", "amount", "currency", "ad_id"));

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
        RecordReader.Read root;
        try {
            root = READER.read(utf8);
        } catch (JsonProcessingException e) {
            return invalid("record", "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : ""));
        } catch (IOException e) {
            return invalid("record", "could not be read: " + e.getMessage());
        }
        if (root.isEmpty()) {
            return invalid("record", "is empty: expected a JSON object");
        }
        if (root.root().kind() != JsonMember.Kind.OBJECT) {
            return invalid("record", "must be a JSON object, got " + root.root().describe());
        }
        return validate(root);
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

    private ValidationResult validate(RecordReader.Read root) {
        List<Problem> problems = new ArrayList<>(2);
        String eventId = identifier(root, "event_id", problems);
        String userId = identifier(root, "user_id", problems);
        Instant timestamp = instant(root, "timestamp", problems);
        EventType type = null;
        JsonMember typeNode = root.get("type");
        if (typeNode == null) {
            problems.add(new Problem("type", "is required"));
        } else if (!typeNode.isString()) {
            problems.add(new Problem("type", "must be a string, got " + typeNode.describe()));
        } else {
            type = EventType.fromWireName(typeNode.text()).orElse(null);
            if (type == null) {
                problems.add(new Problem("type", "must be one of page_view, add_to_cart, remove_from_cart, purchase, "
                        + "ad_impression, ad_click, got '" + shorten(typeNode.text()) + "'"));
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

    private static String identifier(RecordReader.Read root, String field, List<Problem> problems) {
        String value = text(root, field, problems);
        if (value != null && value.codePointCount(0, value.length()) > MAX_ID_LENGTH) {
            problems.add(new Problem(field, "must be at most " + MAX_ID_LENGTH + " characters, got "
                    + value.codePointCount(0, value.length())));
            return null;
        }
        return value;
    }

    private static String text(RecordReader.Read root, String field, List<Problem> problems) {
        JsonMember node = root.get(field);
        if (node == null) {
            problems.add(new Problem(field, "is required"));
            return null;
        }
        if (!node.isString()) {
            problems.add(new Problem(field, "must be a string, got " + node.describe()));
            return null;
        }
        if (node.text().isEmpty()) {
            problems.add(new Problem(field, "must not be empty"));
            return null;
        }
        return node.text();
    }

    private static Instant instant(RecordReader.Read root, String field, List<Problem> problems) {
        String value = text(root, field, problems);
        if (value == null) {
            return null;
        }
        if (!INSTANT.matcher(value).matches()) {
            problems.add(new Problem(field, "must be an ISO-8601 instant with an offset, such as 2026-11-23T10:00:00.000Z, got '"
                    + shorten(value) + "'"));
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            problems.add(new Problem(field, "is not a real instant (" + e.getMessage().toLowerCase(Locale.ROOT) + "), got '" + value + "'"));
            return null;
        }
    }

    private static int quantity(RecordReader.Read root, List<Problem> problems) {
        JsonMember node = root.get("quantity");
        if (node == null) {
            return 1;
        }
        if (!node.isNumber()) {
            problems.add(new Problem("quantity", "must be a whole number ≥ 1, got " + node.describe()));
            return 0;
        }
        BigDecimal value = node.number();
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            problems.add(new Problem("quantity", "must be a whole number ≥ 1, got " + node.text()));
            return 0;
        }
        if (value.compareTo(BigDecimal.ONE) < 0) {
            problems.add(new Problem("quantity", "must be ≥ 1, got " + node.text()));
            return 0;
        }
        if (value.compareTo(MAX_QUANTITY_DECIMAL) > 0) {
            problems.add(new Problem("quantity", "must be at most " + MAX_QUANTITY + ", got " + node.text()));
            return 0;
        }
        return value.intValueExact();
    }

    private static BigDecimal amount(RecordReader.Read root, List<Problem> problems) {
        JsonMember node = root.get("amount");
        if (node == null) {
            problems.add(new Problem("amount", "is required"));
            return null;
        }
        if (!node.isNumber()) {
            problems.add(new Problem("amount", "must be a JSON number such as 37.25, got " + node.describe()));
            return null;
        }
        BigDecimal value = node.number();
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

    private static String currency(RecordReader.Read root, List<Problem> problems) {
        JsonMember node = root.get("currency");
        if (node == null) {
            return Event.DEFAULT_CURRENCY;
        }
        if (!node.isString()) {
            problems.add(new Problem("currency", "must be a string, got " + node.describe()));
            return null;
        }
        if (!CURRENCY.matcher(node.text()).matches()) {
            problems.add(new Problem("currency", "must be an ISO-4217 code of three capital letters such as USD, got '"
                    + shorten(node.text()) + "'"));
            return null;
        }
        return node.text();
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }

    private static ValidationResult invalid(String field, String reason) {
        return new ValidationResult.Invalid(List.of(new Problem(field, reason)));
    }
}

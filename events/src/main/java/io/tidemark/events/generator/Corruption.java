package io.tidemark.events.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/**
 * Realistic ways a producer breaks a record, each with the field the validator must name when it
 * rejects the result. Applied to the JSON object of a valid event.
 */
public enum Corruption {
    NOT_JSON("record") {
        @Override
        String apply(ObjectNode event) {
            return "user=" + event.path("user_id").asText() + " clicked something";
        }
    },
    TRUNCATED("record") {
        @Override
        String apply(ObjectNode event) {
            String json = event.toString();
            return json.substring(0, json.length() / 2);
        }
    },
    NOT_AN_OBJECT("record") {
        @Override
        String apply(ObjectNode event) {
            return "[" + event + "]";
        }
    },
    MISSING_USER_ID("user_id") {
        @Override
        String apply(ObjectNode event) {
            event.remove("user_id");
            return event.toString();
        }
    },
    USER_ID_NOT_A_STRING("user_id") {
        @Override
        String apply(ObjectNode event) {
            event.put("user_id", 42);
            return event.toString();
        }
    },
    EMPTY_EVENT_ID("event_id") {
        @Override
        String apply(ObjectNode event) {
            event.put("event_id", "");
            return event.toString();
        }
    },
    UNKNOWN_TYPE("type") {
        @Override
        String apply(ObjectNode event) {
            event.put("type", "checkout");
            return event.toString();
        }
    },
    TIMESTAMP_WITHOUT_OFFSET("timestamp") {
        @Override
        String apply(ObjectNode event) {
            String ts = event.path("timestamp").asText();
            event.put("timestamp", ts.endsWith("Z") ? ts.substring(0, ts.length() - 1) : ts);
            return event.toString();
        }
    },
    TIMESTAMP_NOT_ISO("timestamp") {
        @Override
        String apply(ObjectNode event) {
            event.put("timestamp", "23/11/2026 10:00");
            return event.toString();
        }
    },
    NEGATIVE_AMOUNT("amount") {
        @Override
        String apply(ObjectNode event) {
            asPurchase(event).put("amount", new BigDecimal("-3.00"));
            return event.toString();
        }
    },
    THREE_FRACTION_DIGITS("amount") {
        @Override
        String apply(ObjectNode event) {
            asPurchase(event).put("amount", new BigDecimal("12.345"));
            return event.toString();
        }
    },
    AMOUNT_AS_STRING("amount") {
        @Override
        String apply(ObjectNode event) {
            asPurchase(event).put("amount", "12.34");
            return event.toString();
        }
    },
    MISSING_PRODUCT_ID("product_id") {
        @Override
        String apply(ObjectNode event) {
            asCartAdd(event).remove("product_id");
            return event.toString();
        }
    },
    ZERO_QUANTITY("quantity") {
        @Override
        String apply(ObjectNode event) {
            asCartAdd(event).put("quantity", 0);
            return event.toString();
        }
    };

    private final String field;

    Corruption(String field) {
        this.field = field;
    }

    /** The field the validator's reason must name. */
    public String field() {
        return field;
    }

    /** The corrupted line (no newline). Mutates {@code event}. */
    abstract String apply(ObjectNode event);

    /** The corrupted line made from the JSON object of a valid event (which is changed). */
    public String applyTo(ObjectNode event) {
        return apply(event);
    }

    private static ObjectNode asPurchase(ObjectNode event) {
        if (!"purchase".equals(event.path("type").asText())) {
            retype(event, "purchase");
            event.put("order_id", "o-" + event.path("event_id").asText());
        }
        return event;
    }

    private static ObjectNode asCartAdd(ObjectNode event) {
        if (!"add_to_cart".equals(event.path("type").asText())) {
            retype(event, "add_to_cart");
            event.put("product_id", "p001");
            event.put("quantity", 1);
        }
        return event;
    }

    private static void retype(ObjectNode event, String type) {
        event.retain("event_id", "user_id", "timestamp");
        event.put("type", type);
    }
}

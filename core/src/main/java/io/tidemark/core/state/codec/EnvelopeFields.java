package io.tidemark.core.state.codec;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an envelope's Smile object, read with the streaming parser: binary columns, numbers,
 * text, flags and the few small nested objects and arrays. Read whole, like the object tree it
 * replaces (a later field of the same name wins), so that a damaged byte anywhere fails the read.
 * The accessors keep that tree's leniency where old snapshots relied on it: an absent column is empty,
 * an absent flag is its default.
 */
final class EnvelopeFields {

    /** A Smile {@code null} (an absent field is no entry at all). */
    private static final Object NULL = new Object();

    private final Map<String, Object> fields;

    private EnvelopeFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * The wording and place a damaged envelope has always been reported with when its content ends where a
     * value belongs (the parser itself reports other damage).
     */
    private static final String ENDS_EARLY = "Unexpected end-of-input when trying read value of type `com.fasterxml.jackson.databind.JsonNode`";

    /** The object at the parser's first token, or {@code null} if the content is empty or not an object. */
    static EnvelopeFields read(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return null;
        }
        return value(p, first) instanceof Map<?, ?> m ? new EnvelopeFields(cast(m)) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    members.put(name, value(p, next(p)));
                }
                yield members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
                    items.add(value(p, t));
                }
                yield items;
            }
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = p.getEmbeddedObject();
                yield embedded == null ? NULL : embedded;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> NULL;
        };
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, ENDS_EARLY, p.currentTokenLocation());
        }
        return t;
    }

    /** A binary column; absent or null is an empty column, and a field of another kind reads as empty too. */
    byte[] binary(String field) {
        Object v = fields.get(field);
        if (v == null || v == NULL) {
            return new byte[0];
        }
        if (v instanceof byte[] bytes) {
            return bytes;
        }
        if (v instanceof String base64) {
            try {
                return Base64Variants.getDefaultVariant().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new CorruptStateException("field '" + field + "' is not binary", e);
            }
        }
        return null;
    }

    long number(String field) {
        Object v = fields.get(field);
        if (!isIntegral(v)) {
            throw new CorruptStateException("field '" + field + "' is missing or not an integer");
        }
        return ((Number) v).longValue();
    }

    String text(String field) {
        if (!(fields.get(field) instanceof String s)) {
            throw new CorruptStateException("field '" + field + "' is missing or not a string");
        }
        return s;
    }

    /** Text if present and text; {@code null} if absent or of another kind. */
    String textOrNull(String field) {
        return textOf(fields.get(field));
    }

    /** A flag: a boolean, a non-zero integer, or the text {@code true}/{@code false}; otherwise {@code otherwise}. */
    boolean flag(String field, boolean otherwise) {
        Object v = fields.get(field);
        if (v instanceof Boolean b) {
            return b;
        }
        if (isIntegral(v)) {
            return v instanceof BigInteger big ? big.signum() != 0 : ((Number) v).longValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            return t.equals("true") || (!t.equals("false") && otherwise);
        }
        return otherwise;
    }

    /** The counts of an array field, or {@code null} if the field is absent or not an array; items that are not numbers count 0. */
    long[] counts(String field) {
        if (!(fields.get(field) instanceof List<?> items)) {
            return null;
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = countOf(items.get(i));
        }
        return out;
    }

    /** The members of an object field as text ({@code null} where not text); empty if absent or not an object. */
    Map<String, String> texts(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (fields.get(field) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put((String) k, textOf(v)));
        }
        return out;
    }

    /** The members of an object field as counts (0 where not a number); empty if absent or not an object. */
    Map<String, Long> countsByName(String field) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (fields.get(field) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put((String) k, countOf(v)));
        }
        return out;
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    private static String textOf(Object v) {
        return v instanceof String s ? s : null;
    }

    private static long countOf(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }
}

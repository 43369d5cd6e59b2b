package io.tidemark.events;

import java.math.BigDecimal;

/**
 * One top-level member of a record as {@link EventValidator} sees it: its kind, and its text or exact
 * number. A nested object or array keeps only its kind (no field of the contract is one).
 */
record JsonMember(Kind kind, String text, BigDecimal number) {

    enum Kind { NULL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT }

    static final JsonMember NULL = new JsonMember(Kind.NULL, "null", null);
    static final JsonMember TRUE = new JsonMember(Kind.BOOLEAN, "true", null);
    static final JsonMember FALSE = new JsonMember(Kind.BOOLEAN, "false", null);
    static final JsonMember ARRAY = new JsonMember(Kind.ARRAY, "", null);
    static final JsonMember OBJECT = new JsonMember(Kind.OBJECT, "", null);

    static JsonMember string(String text) {
        return new JsonMember(Kind.STRING, text, null);
    }

    /** A number as it was written, exactly ({@code 0.10} keeps its scale); {@code text} is how problems print it. */
    static JsonMember number(BigDecimal value, String text) {
        return new JsonMember(Kind.NUMBER, text, value);
    }

    boolean isString() {
        return kind == Kind.STRING;
    }

    boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** The "got …" part of a problem: {@code a number (7)}, {@code a string ('x')}, {@code an object}. */
    String describe() {
        return switch (kind) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean (" + text + ")";
            case NUMBER -> "a number (" + text + ")";
            case STRING -> "a string ('" + EventValidator.shorten(text) + "')";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }
}

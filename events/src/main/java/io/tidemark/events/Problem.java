package io.tidemark.events;

import java.util.Objects;

/**
 * One reason a record is invalid: the field path it concerns ({@code amount}, or {@code record}
 * for the record as a whole) and a plain reason, e.g. {@code amount: must be ≥ 0, got -3}.
 */
public record Problem(String field, String reason) {

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}

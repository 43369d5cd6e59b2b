package io.tidemark.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Objects;

/**
 * The conditions the state adapters put items under: the whole vocabulary, so that every
 * implementation of {@link ItemStore} evaluates the same three things (and DynamoDB gets the
 * condition expression each stands for).
 */
public sealed interface PutCondition {

    /** No item with the key exists: {@code attribute_not_exists(pk)}. The commit of a log entry, alerts and quarantine rows, claims. */
    static PutCondition absent() {
        return Absent.INSTANCE;
    }

    /**
     * No item with the key exists, or the existing one's number {@code attribute} is below {@code value}:
     * {@code attribute_not_exists(pk) OR #a < :v}. Monotonic rows: heads, view pages.
     */
    static PutCondition absentOrBelow(String attribute, long value) {
        return new AbsentOrBelow(attribute, value);
    }

    /** The item exists and holds exactly these values: {@code a = :a AND b = :b …}. Taking over an order claim. */
    static PutCondition holds(Map<String, AttributeValue> expected) {
        return new Holds(expected);
    }

    /** Whether the condition holds for {@code existing} (null: no item with the key). */
    boolean test(Map<String, AttributeValue> existing);

    enum Absent implements PutCondition {
        INSTANCE;

        @Override
        public boolean test(Map<String, AttributeValue> existing) {
            return existing == null;
        }
    }

    record AbsentOrBelow(String attribute, long value) implements PutCondition {
        public AbsentOrBelow {
            Objects.requireNonNull(attribute, "attribute");
        }

        @Override
        public boolean test(Map<String, AttributeValue> existing) {
            if (existing == null) {
                return true;
            }
            AttributeValue current = existing.get(attribute);
            // DynamoDB compares numbers exactly; a missing attribute or another type makes `<` false.
            return current != null && current.n() != null && new java.math.BigDecimal(current.n()).compareTo(java.math.BigDecimal.valueOf(value)) < 0;
        }
    }

    record Holds(Map<String, AttributeValue> expected) implements PutCondition {
        public Holds {
            if (expected.isEmpty()) {
                throw new IllegalArgumentException("a 'holds' condition needs at least one attribute");
            }
            expected = Map.copyOf(expected);
        }

        @Override
        public boolean test(Map<String, AttributeValue> existing) {
            if (existing == null) {
                return false;
            }
            for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
                if (!AttributeValues.equal(e.getValue(), existing.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }
}

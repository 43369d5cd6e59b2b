package io.tidemark.dynamodb;

import java.util.Objects;

/**
 * A query of one partition: every item of partition key {@code partition}, or those whose sort key is
 * between {@code fromSortKey} and {@code toSortKey} (both inclusive, compared as DynamoDB compares
 * strings: by UTF-8 bytes), in ascending or descending sort-key order; at most {@code limit} items if it is above 0
 * (DynamoDB's {@code Limit}: only those are read and charged).
 */
public record KeyQuery(String partition, String fromSortKey, String toSortKey, boolean ascending, int limit) {

    public KeyQuery {
        Objects.requireNonNull(partition, "partition");
        if ((fromSortKey == null) != (toSortKey == null)) {
            throw new IllegalArgumentException("a sort-key range needs both ends");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or more, got " + limit);
        }
    }

    public KeyQuery(String partition, String fromSortKey, String toSortKey, boolean ascending) {
        this(partition, fromSortKey, toSortKey, ascending, 0);
    }

    /** Every item of the partition, ascending. */
    public static KeyQuery partition(String pk) {
        return new KeyQuery(pk, null, null, true);
    }

    /** The items of the partition with {@code from <= sk <= to}, ascending. */
    public static KeyQuery between(String pk, String from, String to) {
        return new KeyQuery(pk, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), true);
    }

    /** The same items, newest (highest sort key) first. */
    public KeyQuery descending() {
        return new KeyQuery(partition, fromSortKey, toSortKey, false, limit);
    }

    /** Only the first item in this order. */
    public KeyQuery firstOnly() {
        return new KeyQuery(partition, fromSortKey, toSortKey, ascending, 1);
    }

    public boolean hasRange() {
        return fromSortKey != null;
    }
}

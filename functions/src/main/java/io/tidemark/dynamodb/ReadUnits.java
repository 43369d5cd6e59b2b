package io.tidemark.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * DynamoDB's read units computed from the items read, by the documented rules, for stores that report
 * none (the embedded store): 1 unit per started 4 KB of a strongly consistent read, half for an
 * eventually consistent one; a get or a batch get rounds each item up, a query or a scan the sum of the
 * items it read. A read that finds nothing costs what a read of an empty item does (one unit, or half).
 */
public final class ReadUnits {

    private static final int FOUR_KB = 4096;

    private ReadUnits() {
    }

    /** A strongly consistent get of {@code item} (null: not found). */
    public static double get(Map<String, AttributeValue> item) {
        return blocks(item == null ? 0 : WriteUnits.itemSize(item));
    }

    /** An eventually consistent batch get: each item rounded up on its own, half price. */
    public static double batchGet(List<Map<String, AttributeValue>> items, int keys) {
        double units = 0;
        for (Map<String, AttributeValue> item : items) {
            units += blocks(WriteUnits.itemSize(item));
        }
        return (units + Math.max(0, keys - items.size())) / 2;
    }

    /** A strongly consistent query or scan that read {@code items}: their total size rounded up once. */
    public static double query(List<Map<String, AttributeValue>> items) {
        long bytes = 0;
        for (Map<String, AttributeValue> item : items) {
            bytes += WriteUnits.itemSize(item);
        }
        return blocks(bytes);
    }

    private static long blocks(long bytes) {
        return Math.max(1, (bytes + FOUR_KB - 1) / FOUR_KB);
    }
}

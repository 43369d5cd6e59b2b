package io.tidemark.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's write units computed from the items written, by the documented rules, for stores that do
 * not report capacity (the embedded store; emulators, which report a flat 1.0 per write and nothing for
 * transactions). On AWS the real {@code ConsumedCapacity} is used instead.
 * <ul>
 *   <li>Item size = the sum over attributes of the name's UTF-8 bytes plus the value's size: a string its
 *       UTF-8 bytes; a number 1 byte per two significant digits (leading and trailing zeros trimmed) plus 1, so zero is 1;
 *       binary its raw bytes; a boolean or null 1; a list or map 3 bytes plus its elements, each element
 *       1 byte more (a map element also its name); a set the sum of its elements.</li>
 *   <li>A write costs 1 unit per started KB (1 024 bytes) of the item, at least 1.</li>
 *   <li>A write that replaces an item is charged by the larger of the old and the new item.</li>
 *   <li>A conditional write whose condition fails is still charged: by the size of the existing item (1 if there is none).</li>
 *   <li>A transactional write costs twice as much.</li>
 * </ul>
 */
public final class WriteUnits {

    private static final int KB = 1024;

    private WriteUnits() {
    }

    /** The item's size in bytes. */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    /** Units of a standard write of {@code item}. */
    public static long put(Map<String, AttributeValue> item) {
        return units(itemSize(item));
    }

    /** Units of a successful write of {@code item} over {@code old} (null: a new item): the larger of the two. */
    public static long replace(Map<String, AttributeValue> item, Map<String, AttributeValue> old) {
        return units(Math.max(itemSize(item), old == null ? 0 : itemSize(old)));
    }

    /** Units of a conditional write that failed its condition: the existing item's size (null: none, 1 unit). */
    public static long failedCondition(Map<String, AttributeValue> existing) {
        return units(existing == null ? 0 : itemSize(existing));
    }

    /** Units of a transaction that writes these items (each new or replacing nothing): twice the standard units. */
    public static long transaction(List<Map<String, AttributeValue>> items) {
        long units = 0;
        for (Map<String, AttributeValue> item : items) {
            units += 2 * put(item);
        }
        return units;
    }

    /** Units for an item of {@code bytes}: 1 per started KB, at least 1. */
    public static long units(long bytes) {
        return Math.max(1, (bytes + KB - 1) / KB);
    }

    static long valueSize(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return numberSize(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasL()) {
            long size = 3;
            for (AttributeValue element : v.l()) {
                size += 1 + valueSize(element);
            }
            return size;
        }
        if (v.hasM()) {
            long size = 3;
            for (Map.Entry<String, AttributeValue> element : v.m().entrySet()) {
                size += 1 + utf8(element.getKey()) + valueSize(element.getValue());
            }
            return size;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(WriteUnits::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(WriteUnits::numberSize).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
        }
        throw new IllegalArgumentException("attribute value of no known type: " + v);
    }

    /** 1 byte per two significant digits, plus 1. */
    static long numberSize(String number) {
        BigDecimal n = new BigDecimal(number);
        if (n.signum() == 0) {
            return 1; // trimmed of its zeros, zero has no significant digit left
        }
        String digits = n.stripTrailingZeros().unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

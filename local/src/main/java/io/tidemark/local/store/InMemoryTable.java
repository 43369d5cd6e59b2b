package io.tidemark.local.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One table of the embedded store: partitions by {@code pk}, each a sorted map by {@code sk} (DynamoDB's
 * order of string keys: UTF-8 bytes, which is code-point order). Every operation holds the table's
 * lock, so a conditional put reads, checks and writes atomically, as DynamoDB's does. A streamed
 * table also records every insert and change in its {@link ChangeFeed}.
 */
final class InMemoryTable {

    /** Code-point order, which is the order of the UTF-8 bytes DynamoDB compares. */
    static final Comparator<String> SORT_KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final String name;
    private final TreeMap<String, TreeMap<String, Map<String, AttributeValue>>> partitions = new TreeMap<>();
    private final ChangeFeed changes;

    InMemoryTable(String name, boolean streamed) {
        this.name = name;
        this.changes = streamed ? new ChangeFeed(name) : null;
    }

    String name() {
        return name;
    }

    /** The table's change feed, or null if it has none. */
    ChangeFeed changes() {
        return changes;
    }

    synchronized Map<String, AttributeValue> get(String pk, String sk) {
        TreeMap<String, Map<String, AttributeValue>> partition = partitions.get(pk);
        return partition == null ? null : partition.get(sk);
    }

    /**
     * Atomically: reads the item with the key of {@code item}, asks {@code decide} whether to write (it gets
     * the existing item or null and answers true to write), and writes if so. Returns the item that was there.
     */
    synchronized Map<String, AttributeValue> putIf(String pk, String sk, Map<String, AttributeValue> item,
                                                   java.util.function.Predicate<Map<String, AttributeValue>> decide, Instant now) {
        TreeMap<String, Map<String, AttributeValue>> partition = partitions.computeIfAbsent(pk, k -> new TreeMap<>(SORT_KEY_ORDER));
        Map<String, AttributeValue> old = partition.get(sk);
        if (decide.test(old)) {
            partition.put(sk, item);
            if (changes != null) {
                changes.append(old == null ? OperationType.INSERT : OperationType.MODIFY, item, now);
            }
        } else if (old == null && partition.isEmpty()) {
            partitions.remove(pk);
        }
        return old;
    }

    /** The items of partition {@code pk} with {@code from <= sk <= to} (null ends: unbounded), in order; a copy. */
    synchronized List<Map<String, AttributeValue>> range(String pk, String from, String to, boolean ascending) {
        TreeMap<String, Map<String, AttributeValue>> partition = partitions.get(pk);
        if (partition == null) {
            return List.of();
        }
        NavigableMap<String, Map<String, AttributeValue>> selected = partition;
        if (from != null) {
            if (SORT_KEY_ORDER.compare(from, to) > 0) {
                return List.of();
            }
            selected = partition.subMap(from, true, to, true);
        }
        return new ArrayList<>((ascending ? selected : selected.descendingMap()).values());
    }

    synchronized List<Map<String, AttributeValue>> all() {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        partitions.values().forEach(p -> out.addAll(p.values()));
        return out;
    }
}

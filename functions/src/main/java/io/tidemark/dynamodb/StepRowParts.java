package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A step's row in parts, written and read back: the cut into parts that fit a DynamoDB item (400 KB) with room for keys
 * and attributes, the attributes every part carries (its step, {@code part}, {@code parts}, {@code data}) and the reading
 * of a row only once all its parts are there. Keys: {@link StepRowKey}.
 */
final class StepRowParts {

    /** Largest part, bytes: the architecture's "chunks ≤ 350 KB". */
    static final int MAX_PART = 350 * 1024;

    static final String DATA = "data";
    static final String PART = "part";
    static final String PARTS = "parts";
    /** The step's attribute, in every row but the sessions rows'. */
    static final String STEP = "step";
    /** The step's attribute in the sessions rows. */
    static final String COMMIT = "commit";

    private StepRowParts() {
    }

    /** {@code value} cut into parts of at most {@link #MAX_PART} bytes, in order; one empty part if it is empty. */
    static List<byte[]> split(byte[] value) {
        List<byte[]> parts = new ArrayList<>();
        if (value.length == 0) {
            parts.add(value);
            return parts;
        }
        for (int from = 0; from < value.length; from += MAX_PART) {
            parts.add(Arrays.copyOfRange(value, from, Math.min(value.length, from + MAX_PART)));
        }
        return parts;
    }

    static byte[] join(List<byte[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** An item of key ({@code pk}, {@code sk}) holding {@code data}. */
    static Map<String, AttributeValue> item(String pk, String sk, byte[] data) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AttributeValues.PK, AttributeValues.s(pk));
        item.put(AttributeValues.SK, AttributeValues.s(sk));
        item.put(DATA, AttributeValues.b(data));
        return item;
    }

    /**
     * The row's items, part {@code i} holding {@code data.get(i)} and the step (as {@code stepAttribute}), its part number
     * and the number of parts; each item is the caller's to add the row's other attributes to.
     */
    static List<Map<String, AttributeValue>> items(StepRowKey key, String stepAttribute, List<byte[]> data) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            Map<String, AttributeValue> item = item(key.pk(), key.sk(i), data.get(i));
            item.put(stepAttribute, AttributeValues.n(key.step()));
            item.put(PART, AttributeValues.n(i));
            item.put(PARTS, AttributeValues.n(data.size()));
            items.add(item);
        }
        return items;
    }

    /** The parts' {@code data}, joined. */
    static byte[] data(List<Map<String, AttributeValue>> parts) {
        List<byte[]> data = new ArrayList<>(parts.size());
        for (Map<String, AttributeValue> part : parts) {
            data.add(AttributeValues.bytes(part, DATA));
        }
        return join(data);
    }

    /**
     * The complete rows the query finds, in its order, to {@code each} (step, parts in part order) until it returns
     * false; a row is handed over as soon as its last part is read. A row that misses parts ends the read: its writer
     * is mid-way, so a reader that remembers the last step it saw misses nothing.
     */
    static void read(ItemStore items, Table table, KeyQuery query, ViewRows.StepConsumer<Map<String, AttributeValue>> each) {
        read(items, table, query, false, each);
    }

    /** The parts of the first complete row the query finds (the newest, descending), passing over rows that miss parts; null if none. */
    static List<Map<String, AttributeValue>> firstComplete(ItemStore items, Table table, KeyQuery query) {
        List<List<Map<String, AttributeValue>>> found = new ArrayList<>(1);
        read(items, table, query, true, (step, parts) -> !found.add(parts));
        return found.isEmpty() ? null : found.get(0);
    }

    private static void read(ItemStore items, Table table, KeyQuery query, boolean passOverIncomplete,
                             ViewRows.StepConsumer<Map<String, AttributeValue>> each) {
        TreeMap<Integer, Map<String, AttributeValue>> parts = new TreeMap<>();
        long[] current = {Long.MIN_VALUE};
        items.query(table, query, item -> {
            long step = step(item);
            if (step != current[0]) {
                if (!parts.isEmpty() && !passOverIncomplete) {
                    return false;
                }
                parts.clear();
                current[0] = step;
            }
            parts.put(part(item), item);
            if (!complete(parts)) {
                return true;
            }
            List<Map<String, AttributeValue>> row = new ArrayList<>(parts.values());
            parts.clear();
            return each.accept(step, row);
        });
    }

    /**
     * The rows that {@code items} (of any partitions, in any order) make up, each as its parts in part order; by
     * partition, then step.
     *
     * @param rowName what the rows are, for the error ("a quarantine row")
     * @throws IllegalStateException if a row misses parts (the shard's next step writes them)
     */
    static List<List<Map<String, AttributeValue>>> rows(List<Map<String, AttributeValue>> items, String rowName) {
        TreeMap<String, TreeMap<Long, TreeMap<Integer, Map<String, AttributeValue>>>> byPk = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            byPk.computeIfAbsent(AttributeValues.str(item, AttributeValues.PK), k -> new TreeMap<>())
                    .computeIfAbsent(step(item), k -> new TreeMap<>()).put(part(item), item);
        }
        List<List<Map<String, AttributeValue>>> rows = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, TreeMap<Integer, Map<String, AttributeValue>>>> pk : byPk.entrySet()) {
            for (Map.Entry<Long, TreeMap<Integer, Map<String, AttributeValue>>> row : pk.getValue().entrySet()) {
                TreeMap<Integer, Map<String, AttributeValue>> parts = row.getValue();
                if (!complete(parts)) {
                    throw new IllegalStateException(rowName + " (" + pk.getKey() + ", step " + row.getKey() + ") has " + parts.size() + " of "
                            + AttributeValues.num(parts.firstEntry().getValue(), PARTS, 1) + " parts (the shard's next step completes it)");
                }
                rows.add(new ArrayList<>(parts.values()));
            }
        }
        return rows;
    }

    private static long step(Map<String, AttributeValue> item) {
        return AttributeValues.num(item, STEP, AttributeValues.num(item, COMMIT, 0));
    }

    private static int part(Map<String, AttributeValue> item) {
        return (int) AttributeValues.num(item, PART, 0);
    }

    /** Parts 0 to n - 1, n the {@code parts} they name. */
    private static boolean complete(TreeMap<Integer, Map<String, AttributeValue>> parts) {
        long expected = AttributeValues.num(parts.firstEntry().getValue(), PARTS, 1);
        return parts.size() == expected && parts.firstKey() == 0 && parts.lastKey() == expected - 1;
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads a partition of per-(shard, step) rows ({@code sk = step#<step>#<part>}: sessions, alerts) by key, one
 * whole step at a time: a step whose parts are not all there yet (its writer is mid-way) ends the read, so a
 * reader that remembers the last step it saw misses nothing.
 */
final class StepRows {

    /** The parts of one step's row, in part order. */
    record Step(long step, List<Map<String, AttributeValue>> parts) {
    }

    private StepRows() {
    }

    /**
     * The steps after {@code afterStep}, oldest first ({@code newestFirst}: newest first), to {@code each} until it
     * returns false.
     */
    static void read(ItemStore items, Table table, String pk, long afterStep, boolean newestFirst, Predicate<Step> each) {
        KeyQuery query = KeyQuery.between(pk, Chunks.stepPartKey(afterStep + 1, 0), Chunks.stepPartKey(Long.MAX_VALUE, 9999));
        TreeMap<Integer, Map<String, AttributeValue>> parts = new TreeMap<>();
        long[] current = {-1};
        boolean[] going = {true};
        items.query(table, newestFirst ? query.descending() : query, item -> {
            long step = AttributeValues.num(item, "step", AttributeValues.num(item, "commit", 0));
            if (step != current[0] && !parts.isEmpty()) {
                going[0] = emit(current[0], parts, each);
                parts.clear();
            }
            current[0] = step;
            parts.put((int) AttributeValues.num(item, "part", 0), item);
            return going[0];
        });
        if (going[0] && !parts.isEmpty()) {
            emit(current[0], parts, each);
        }
    }

    private static boolean emit(long step, TreeMap<Integer, Map<String, AttributeValue>> parts, Predicate<Step> each) {
        if (parts.size() != AttributeValues.num(parts.firstEntry().getValue(), "parts", 1)) {
            return false;
        }
        return each.test(new Step(step, new ArrayList<>(parts.values())));
    }
}

package io.tidemark.bench.cost;

import io.tidemark.config.Table;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.PutCondition;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.local.store.ForwardingItemStore;
import io.tidemark.dynamodb.WriteUnits;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the write units go: the state port of a run, passing every call to the real one and adding up
 * the write units of each successful put by item kind — the table and the text before the first
 * {@code #} of the partition and sort keys (digits shown as {@code <n>}), e.g. {@code state shard# /
 * log#}. Units are {@link WriteUnits}, charged as DynamoDB charges them: a replacement by the larger of
 * the old and the new item (the old one read first, unmetered). Failed conditions and batch writes are
 * in the total of the run's {@link WriteMeter}, not here, so the kinds may sum to slightly less than the total.
 */
public final class WritesByItemKind extends ForwardingItemStore {

    /** One kind of item: its label, the write units its puts cost, how many there were and the bytes of the items written. */
    public record ItemKind(String kind, double writeUnits, long writes, long bytes) {
        public double perEvent(long events) {
            return writeUnits / events;
        }
    }

    private final Map<String, AtomicLong[]> tally = new ConcurrentHashMap<>();

    private WritesByItemKind(ItemStore real) {
        super(real);
    }

    /** Meters the puts made through the returned store. */
    public static WritesByItemKind around(ItemStore real) {
        return new WritesByItemKind(real);
    }

    /** The kinds, most expensive first. */
    public List<ItemKind> kinds() {
        List<ItemKind> out = new ArrayList<>();
        tally.forEach((kind, t) -> out.add(new ItemKind(kind, t[0].get(), t[1].get(), t[2].get())));
        out.sort(Comparator.comparingDouble(ItemKind::writeUnits).reversed().thenComparing(ItemKind::kind));
        return out;
    }

    @Override
    public void put(Table table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> old = existing(table, item);
        real.put(table, item);
        add(table, item, WriteUnits.replace(item, old));
    }

    @Override
    public PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition) {
        Map<String, AttributeValue> old = existing(table, item);
        PutOutcome outcome = real.putIf(table, item, condition);
        if (outcome.written()) {
            add(table, item, WriteUnits.replace(item, old));
        }
        return outcome;
    }

    private Map<String, AttributeValue> existing(Table table, Map<String, AttributeValue> item) {
        return real.get(table, item.get(Table.PARTITION_KEY).s(), item.get(Table.SORT_KEY).s());
    }

    private void add(Table table, Map<String, AttributeValue> item, long units) {
        String kind = table.suffix() + " " + prefixOf(item.get(Table.PARTITION_KEY)) + " / " + prefixOf(item.get(Table.SORT_KEY));
        AtomicLong[] t = tally.computeIfAbsent(kind, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()});
        t[0].addAndGet(units);
        t[1].incrementAndGet();
        t[2].addAndGet(WriteUnits.itemSize(item));
    }

    static String prefixOf(AttributeValue value) {
        if (value == null || value.s() == null) {
            return "-";
        }
        String s = value.s();
        int hash = s.indexOf('#');
        String head = hash >= 0 ? s.substring(0, hash + 1) : s;
        return head.matches("\\d.*") ? "<n>" : head.replaceAll("\\d+", "<n>");
    }

}

package io.tidemark.local.store;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.KeyQuery;
import io.tidemark.dynamodb.PutCondition;
import io.tidemark.dynamodb.ReadUnits;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.dynamodb.WriteUnits;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The state port on the embedded store ({@link InMemoryDatabase}): the same items and the same
 * conditions as on DynamoDB, each conditional put atomic. Write units are computed from the items
 * ({@link WriteUnits}, {@link ReadUnits}), as DynamoDB would charge them. Never throttles, so batch requests leave
 * nothing unprocessed; has no TTL (items live as long as the store).
 */
public final class InMemoryItemStore implements ItemStore {

    private final InMemoryDatabase database;
    private final TableNames tables;
    private final WriteMeter meter;

    InMemoryItemStore(InMemoryDatabase database, TableNames tables, WriteMeter meter) {
        this.database = Objects.requireNonNull(database, "database");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    @Override
    public TableNames tables() {
        return tables;
    }

    @Override
    public WriteMeter meter() {
        return meter;
    }

    @Override
    public void put(Table table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = copyOf(item);
        Map<String, AttributeValue> old = table(table).putIf(pk(copy), sk(copy), copy, existing -> true, database.clock().instant());
        meter.write(WriteUnits.replace(copy, old));
    }

    @Override
    public PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition) {
        Map<String, AttributeValue> copy = copyOf(item);
        boolean[] written = new boolean[1];
        Map<String, AttributeValue> old = table(table).putIf(pk(copy), sk(copy), copy, existing -> written[0] = condition.test(existing),
                database.clock().instant());
        if (written[0]) {
            meter.write(WriteUnits.replace(copy, old));
            return PutOutcome.WRITTEN;
        }
        meter.failedCondition(WriteUnits.failedCondition(old));
        return new PutOutcome(false, old == null ? Map.of() : old);
    }

    @Override
    public Map<String, AttributeValue> get(Table table, String pk, String sk) {
        Map<String, AttributeValue> item = table(table).get(pk, sk);
        meter.read(ReadUnits.get(item));
        return item;
    }

    @Override
    public BatchGetOutcome batchGet(Table table, List<Map<String, AttributeValue>> keys) {
        if (keys.size() > MAX_BATCH_GET) {
            throw new IllegalArgumentException("a batch read takes at most " + MAX_BATCH_GET + " keys, got " + keys.size());
        }
        InMemoryTable t = table(table);
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys) {
            Map<String, AttributeValue> item = t.get(pk(key), sk(key));
            if (item != null) {
                found.add(item);
            }
        }
        meter.read(ReadUnits.batchGet(found, keys.size()));
        return new BatchGetOutcome(found, List.of());
    }

    @Override
    public List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items) {
        if (items.size() > MAX_BATCH_PUT) {
            throw new IllegalArgumentException("a batch write takes at most " + MAX_BATCH_PUT + " puts, got " + items.size());
        }
        InMemoryTable t = table(table);
        long units = 0;
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> copy = copyOf(item);
            units += WriteUnits.replace(copy, t.putIf(pk(copy), sk(copy), copy, existing -> true, database.clock().instant()));
        }
        meter.write(units);
        return List.of();
    }

    @Override
    public void query(Table table, KeyQuery query, Predicate<Map<String, AttributeValue>> each) {
        List<Map<String, AttributeValue>> read = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : table(table).range(query.partition(), query.fromSortKey(), query.toSortKey(), query.ascending())) {
                read.add(item);
                if (!each.test(item) || read.size() == query.limit()) {
                    return;
                }
            }
        } finally {
            meter.read(ReadUnits.query(read));
        }
    }

    @Override
    public void scan(Table table, Consumer<Map<String, AttributeValue>> each) {
        List<Map<String, AttributeValue>> all = table(table).all();
        meter.read(ReadUnits.query(all));
        all.forEach(each);
    }

    @Override
    public List<String> createTables() {
        List<String> created = new ArrayList<>();
        for (Table table : Table.values()) {
            if (database.create(tables.of(table), table.streamed())) {
                created.add(tables.of(table));
            }
        }
        return created;
    }

    @Override
    public void deleteTables() {
        for (Table table : Table.values()) {
            database.delete(tables.of(table));
        }
    }

    /** The change feed of one of this store's streamed tables (the alerts outbox). */
    public ChangeFeed changes(Table table) {
        return database.changes(tables.of(table));
    }

    private InMemoryTable table(Table table) {
        return database.table(tables.of(table));
    }

    private static Map<String, AttributeValue> copyOf(Map<String, AttributeValue> item) {
        // Attribute values are immutable; the map is copied so that a caller's later change cannot reach the store.
        if (item.get(Table.PARTITION_KEY) == null || item.get(Table.PARTITION_KEY).s() == null
                || item.get(Table.SORT_KEY) == null || item.get(Table.SORT_KEY).s() == null) {
            throw new IllegalArgumentException("an item needs string attributes " + Table.PARTITION_KEY + " and " + Table.SORT_KEY
                    + ", got " + item.keySet());
        }
        return Map.copyOf(item);
    }

    private static String pk(Map<String, AttributeValue> item) {
        return item.get(Table.PARTITION_KEY).s();
    }

    private static String sk(Map<String, AttributeValue> item) {
        return item.get(Table.SORT_KEY).s();
    }
}

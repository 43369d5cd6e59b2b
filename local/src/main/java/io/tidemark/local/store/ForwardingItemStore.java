package io.tidemark.local.store;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.KeyQuery;
import io.tidemark.dynamodb.PutCondition;
import io.tidemark.dynamodb.WriteMeter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A state port that passes every call to another one: the base of decorators that change a few calls
 * (fault injection, throttling, metering by item kind) and leave the rest to a real store.
 */
public abstract class ForwardingItemStore implements ItemStore {

    protected final ItemStore real;

    protected ForwardingItemStore(ItemStore real) {
        this.real = Objects.requireNonNull(real, "real");
    }

    @Override
    public TableNames tables() {
        return real.tables();
    }

    @Override
    public WriteMeter meter() {
        return real.meter();
    }

    @Override
    public void put(Table table, Map<String, AttributeValue> item) {
        real.put(table, item);
    }

    @Override
    public PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition) {
        return real.putIf(table, item, condition);
    }

    @Override
    public Map<String, AttributeValue> get(Table table, String pk, String sk) {
        return real.get(table, pk, sk);
    }

    @Override
    public BatchGetOutcome batchGet(Table table, List<Map<String, AttributeValue>> keys) {
        return real.batchGet(table, keys);
    }

    @Override
    public List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items) {
        return real.batchPut(table, items);
    }

    @Override
    public void query(Table table, KeyQuery query, Predicate<Map<String, AttributeValue>> each) {
        real.query(table, query, each);
    }

    @Override
    public void scan(Table table, Consumer<Map<String, AttributeValue>> each) {
        real.scan(table, each);
    }

    @Override
    public List<String> createTables() {
        return real.createTables();
    }

    @Override
    public void deleteTables() {
        real.deleteTables();
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The state port: the few item operations the state adapters make, on the tables of one pipeline
 * ({@link #tables()}), every table keyed by string {@code pk} and {@code sk}. Items are DynamoDB's
 * attribute maps, so the item layouts of docs/state.md are the same on every implementation: DynamoDB
 * itself ({@link DynamoDbItemStore}, the Lambda functions' and {@code tidemark run}'s) and the
 * embedded store of {@code tidemark local}. Conditions are typed ({@link PutCondition}), so an
 * implementation evaluates exactly what the adapters mean and nothing else. Reads are strongly
 * consistent except {@link #batchGet}. Every write is added to {@link #meter()}.
 */
public interface ItemStore {

    /** The tables this store serves. */
    TableNames tables();

    /** Where the write and read units of every request go. */
    WriteMeter meter();

    /** An unconditional put (idempotent by key and content). */
    void put(Table table, Map<String, AttributeValue> item);

    /** A conditional put, atomic: written, or the item that made the condition fail (an empty map if there is none). */
    PutOutcome putIf(Table table, Map<String, AttributeValue> item, PutCondition condition);

    /** The item with this key, or {@code null} (strongly consistent). */
    Map<String, AttributeValue> get(Table table, String pk, String sk);

    /**
     * One batch read of at most {@value #MAX_BATCH_GET} distinct keys of one table, eventually consistent;
     * returns the items found and the keys left unprocessed (throttling), which the caller retries.
     */
    BatchGetOutcome batchGet(Table table, List<Map<String, AttributeValue>> keys);

    /** One batch write of at most {@value #MAX_BATCH_PUT} puts of distinct keys into one table; returns the items left unprocessed. */
    List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items);

    /** The items of one partition in sort-key order, as {@code query} selects them; {@code each} may stop early by returning false. */
    void query(Table table, KeyQuery query, Predicate<Map<String, AttributeValue>> each);

    /** Every item of a table (strongly consistent), in no particular order. */
    void scan(Table table, Consumer<Map<String, AttributeValue>> each);

    /** Creates the tables of {@link #tables()} that do not exist yet (idempotent); returns the names it created. */
    List<String> createTables();

    /** Deletes the tables of {@link #tables()} that exist. */
    void deleteTables();

    int MAX_BATCH_GET = 100;
    int MAX_BATCH_PUT = 25;

    default List<Map<String, AttributeValue>> queryAll(Table table, KeyQuery query) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        query(table, query, out::add);
        return out;
    }

    /** The outcome of a conditional put: written, or the item that made the condition fail. */
    record PutOutcome(boolean written, Map<String, AttributeValue> existing) {
        public static final PutOutcome WRITTEN = new PutOutcome(true, null);
    }

    /** The items a batch read found, and the keys it left unprocessed. */
    record BatchGetOutcome(List<Map<String, AttributeValue>> items, List<Map<String, AttributeValue>> unprocessed) {
    }
}

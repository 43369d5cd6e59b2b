package io.tidemark.local.store;

import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.WriteMeter;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded store of {@code tidemark local} and the fast tests: DynamoDB's tables in this JVM's
 * memory, nothing on disk, plain Java (no native library, so it runs wherever the JVM does). What it
 * keeps lives as long as this object. Pipelines reach it through {@link #items}, the state port.
 */
public final class InMemoryDatabase {

    private final Map<String, InMemoryTable> tables = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryDatabase(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryDatabase() {
        this(Clock.systemUTC());
    }

    /** The state port over the tables named by {@code names}, metering into {@code meter}. */
    public InMemoryItemStore items(TableNames names, WriteMeter meter) {
        return new InMemoryItemStore(this, names, meter);
    }

    /** The change feed of a streamed table (the alerts table's outbox); fails if the table does not exist or has none. */
    public ChangeFeed changes(String tableName) {
        ChangeFeed feed = table(tableName).changes();
        if (feed == null) {
            throw new IllegalArgumentException("table " + tableName + " has no change feed (only streamed tables have one)");
        }
        return feed;
    }

    Clock clock() {
        return clock;
    }

    /** Creates the table if it is missing; true if this call created it. */
    boolean create(String name, boolean streamed) {
        return tables.putIfAbsent(name, new InMemoryTable(name, streamed)) == null;
    }

    void delete(String name) {
        tables.remove(name);
    }

    InMemoryTable table(String name) {
        InMemoryTable t = tables.get(name);
        if (t == null) {
            // As DynamoDB answers: callers tell a missing table from other failures by this exception.
            throw ResourceNotFoundException.builder().message("table " + name + " does not exist in the embedded store: create the "
                    + "pipeline's tables first (ItemStore.createTables)").build();
        }
        return t;
    }
}

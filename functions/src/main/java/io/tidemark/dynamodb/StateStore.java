package io.tidemark.dynamodb;

import io.tidemark.config.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The state adapters of one pipeline (one set of tables) over one {@link ItemStore}: DynamoDB, or the
 * embedded store of {@code tidemark local}. Item layouts and the per-batch write sequence: {@code docs/state.md}.
 */
public final class StateStore {

    private final ItemStore items;
    private final StateRetention retention;
    private final ShardLog log;
    private final Snapshots snapshots;
    private final ShardHeads heads;
    private final ViewRows views;
    private final AlertRecords alerts;
    private final Quarantine quarantine;
    private final CustomerTable customers;
    private final ShardLineages lineages;

    private StateStore(ItemStore items, StateRetention retention) {
        this.items = java.util.Objects.requireNonNull(items, "items");
        this.retention = java.util.Objects.requireNonNull(retention, "retention");
        this.log = new ShardLog(items, retention);
        this.snapshots = new Snapshots(items, retention);
        this.heads = new ShardHeads(items, log);
        this.views = new ViewRows(items);
        this.alerts = new AlertRecords(items);
        this.quarantine = new Quarantine(items);
        this.customers = new CustomerTable(items, UnprocessedRetry.defaults());
        this.lineages = new ShardLineages(items);
    }

    /** On DynamoDB, with the capacity DynamoDB reports and the default retention: what the Lambda functions use. */
    public static StateStore create(DynamoDbClient client, TableNames tables) {
        return on(new DynamoDbItemStore(client, tables, new WriteMeter()));
    }

    public static StateStore create(DynamoDbClient client, TableNames tables, StateRetention retention, WriteMeter meter) {
        return on(new DynamoDbItemStore(client, tables, meter), retention);
    }

    /** On any implementation of the state port, with the default retention. */
    public static StateStore on(ItemStore items) {
        return new StateStore(items, StateRetention.defaults());
    }

    public static StateStore on(ItemStore items, StateRetention retention) {
        return new StateStore(items, retention);
    }

    public ItemStore items() {
        return items;
    }

    public TableNames tables() {
        return items.tables();
    }

    public WriteMeter meter() {
        return items.meter();
    }

    public StateRetention retention() {
        return retention;
    }

    public ShardLog log() {
        return log;
    }

    public Snapshots snapshots() {
        return snapshots;
    }

    public ShardHeads heads() {
        return heads;
    }

    public ViewRows views() {
        return views;
    }

    public AlertRecords alerts() {
        return alerts;
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    /** The lineage of the stream's shards, as learned. */
    public ShardLineages lineages() {
        return lineages;
    }

    /** The customers table (uncached; the Kinesis handler reads it through a {@link CachingCustomerDirectory}). */
    public CustomerTable customers() {
        return customers;
    }

    /** The customers table with another retry policy for unprocessed items (tests, bulk loads). */
    public CustomerTable customers(UnprocessedRetry retry) {
        return new CustomerTable(items, retry);
    }

    /** The order archive, stamping what it writes with {@code nowMillis}. */
    public ArchivedOrders orderArchive(long nowMillis) {
        return new ArchivedOrders(items, nowMillis);
    }
}

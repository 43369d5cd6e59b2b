package io.tidemark.dynamodb;

import io.tidemark.config.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB adapters of one pipeline (one table prefix), sharing one client and one
 * {@link WriteMeter}. Item layouts and the per-batch write sequence: {@code docs/state.md}.
 */
public final class StateStore {

    private final Dynamo dynamo;
    private final StateRetention retention;
    private final ShardLog log;
    private final Snapshots snapshots;
    private final ShardHeads heads;
    private final ViewRows views;
    private final AlertRecords alerts;
    private final Quarantine quarantine;
    private final CustomerTable customers;

    private StateStore(DynamoDbClient client, TableNames tables, StateRetention retention, WriteMeter meter) {
        this.dynamo = new Dynamo(client, tables, meter);
        this.retention = retention;
        this.log = new ShardLog(dynamo, retention);
        this.snapshots = new Snapshots(dynamo, retention);
        this.heads = new ShardHeads(dynamo);
        this.views = new ViewRows(dynamo);
        this.alerts = new AlertRecords(dynamo);
        this.quarantine = new Quarantine(dynamo);
        this.customers = new CustomerTable(dynamo, UnprocessedRetry.defaults());
    }

    public static StateStore create(DynamoDbClient client, TableNames tables) {
        return new StateStore(client, tables, StateRetention.defaults(), new WriteMeter());
    }

    public static StateStore create(DynamoDbClient client, TableNames tables, StateRetention retention, WriteMeter meter) {
        return new StateStore(client, tables, retention, meter);
    }

    public TableNames tables() {
        return dynamo.tables();
    }

    public DynamoDbClient client() {
        return dynamo.client();
    }

    public WriteMeter meter() {
        return dynamo.meter();
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

    /** The customers table (uncached; the Kinesis handler reads it through a {@link CachingCustomerDirectory}). */
    public CustomerTable customers() {
        return customers;
    }

    /** The customers table with another retry policy for unprocessed items (tests, bulk loads). */
    public CustomerTable customers(UnprocessedRetry retry) {
        return new CustomerTable(dynamo, retry);
    }

    /** The order-id registry for step {@code step} of a shard. */
    public OrderClaims orderClaims(String shardId, long step, long nowMillis) {
        return new OrderClaims(dynamo, log, shardId, step, nowMillis);
    }
}

package io.tidemark.dynamodb;

import io.tidemark.aws.AwsClients;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.config.TableNames;
import io.tidemark.local.store.InMemoryDatabase;
import io.tidemark.testkit.emulators.Endpoints;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.concurrent.atomic.AtomicInteger;

/** The stores tests run on: one embedded store for the test JVM, moto's DynamoDB of the emulator stack, and fresh table prefixes. */
public final class TestStores {

    private static final InMemoryDatabase EMBEDDED = new InMemoryDatabase();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private TestStores() {
    }

    public static InMemoryDatabase embedded() {
        return EMBEDDED;
    }

    /** A new prefix's names (no table created). */
    public static TableNames freshNames(String label) {
        return TableNames.forPrefix("t" + PREFIXES.incrementAndGet() + "-" + label);
    }

    /** Creates the tables of a new prefix in the embedded store and returns their names. */
    public static TableNames freshTables(String label) {
        TableNames names = freshNames(label);
        EMBEDDED.items(names, new WriteMeter()).createTables();
        return names;
    }

    /** The embedded store's port over {@code tables}, with a meter of its own. */
    public static ItemStore items(TableNames tables) {
        return EMBEDDED.items(tables, new WriteMeter());
    }

    /** The embedded store's port over {@code tables}, metering into {@code meter}. */
    public static ItemStore items(TableNames tables, WriteMeter meter) {
        return EMBEDDED.items(tables, meter);
    }

    /** The adapters over {@code tables} in the embedded store. */
    public static StateStore store(TableNames tables) {
        return StateStore.on(items(tables));
    }

    /** A client of the emulator stack's DynamoDB (moto, one request at a time). */
    public static DynamoDbClient moto(Endpoints endpoints) {
        return AwsClients.forEndpoints(endpoints.asEnvironment()).dynamoDb();
    }

    public static DynamoDbStreamsClient motoStreams(Endpoints endpoints) {
        return ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDbStreams();
    }
}

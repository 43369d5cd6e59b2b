package io.tidemark.dynamodb;

import io.tidemark.config.TableNames;
import io.tidemark.local.EmbeddedDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.atomic.AtomicInteger;

/** One embedded DynamoDB Local for the whole test JVM (started on first use), and fresh table prefixes. */
public final class LocalDynamo {

    private static EmbeddedDynamoDb instance;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private LocalDynamo() {
    }

    public static synchronized EmbeddedDynamoDb instance() {
        if (instance == null) {
            instance = EmbeddedDynamoDb.start();
            EmbeddedDynamoDb started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-dynamodb-stop"));
        }
        return instance;
    }

    public static DynamoDbClient client() {
        return instance().client();
    }

    /** Creates the tables of a new prefix and returns their names. */
    public static TableNames freshTables(String label) {
        TableNames names = TableNames.forPrefix("t" + PREFIXES.incrementAndGet() + "-" + label);
        StateTables.createAll(client(), names);
        return names;
    }
}

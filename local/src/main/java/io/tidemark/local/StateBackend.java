package io.tidemark.local;

import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.DynamoDbItemStore;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.local.store.InMemoryDatabase;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.Objects;

/**
 * Where a pipeline run off Lambda keeps its tables: the embedded store ({@code tidemark local}, the fast
 * tests) or DynamoDB on an endpoint (an emulator, LocalStack, AWS: {@code tidemark replay}). Gives the
 * state port for a set of tables and the change stream of a streamed table (the alerts outbox).
 */
public interface StateBackend {

    ItemStore items(TableNames names, WriteMeter meter);

    /** The change stream of streamed table {@code tableName}, read from its start. */
    ChangeStream changes(String tableName);

    /** The ARN the stream's events name as their source. */
    String streamArn(String tableName);

    /** The embedded store. */
    static StateBackend embedded(InMemoryDatabase database) {
        Objects.requireNonNull(database, "database");
        return new StateBackend() {
            @Override
            public ItemStore items(TableNames names, WriteMeter meter) {
                return database.items(names, meter);
            }

            @Override
            public ChangeStream changes(String tableName) {
                return database.changes(tableName).reader()::poll;
            }

            @Override
            public String streamArn(String tableName) {
                return "arn:aws:dynamodb:us-east-1:000000000000:table/" + tableName + "/stream/embedded";
            }
        };
    }

    /** DynamoDB on an endpoint; {@code streams} may be null if no stream is read. Capacity as DynamoDB reports it. */
    static StateBackend dynamoDb(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
        Objects.requireNonNull(dynamo, "dynamo");
        return new StateBackend() {
            @Override
            public ItemStore items(TableNames names, WriteMeter meter) {
                return new DynamoDbItemStore(dynamo, names, meter);
            }

            @Override
            public ChangeStream changes(String tableName) {
                if (streams == null) {
                    throw new IllegalStateException("no DynamoDB Streams client given: cannot read the stream of " + tableName);
                }
                return new DynamoDbStreamsReader(streams, streamArn(tableName));
            }

            @Override
            public String streamArn(String tableName) {
                return dynamo.describeTable(d -> d.tableName(tableName)).table().latestStreamArn();
            }
        };
    }
}

package io.tidemark.bench.coldstart.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.tidemark.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The AWS SDK's floor: the DynamoDB client built as the function builds it
 * ({@link AwsClients#fromEnvironment()}: URL-connection HTTP client, credentials, region, endpoint),
 * in the constructor as the function does; each invocation makes the four kinds of DynamoDB call a
 * first batch makes, once each — Query, GetItem, BatchGetItem and a conditional PutItem — on the
 * state table named by {@value #TABLE_VARIABLE}, then answers as {@link RuntimeOnlyHandler} does.
 * What no handler that keeps its state in DynamoDB can avoid; runs beside the Lambda jar, never in it.
 */
public final class SdkOnlyHandler implements RequestStreamHandler {

    /** The environment variable naming the table the calls go to (the run's fresh state table). */
    public static final String TABLE_VARIABLE = "TIDEMARK_BENCH_FLOOR_TABLE";

    private final DynamoDbClient dynamo = AwsClients.fromEnvironment().dynamoDb();
    private final String table = requiredTable();

    private static String requiredTable() {
        String t = System.getenv(TABLE_VARIABLE);
        if (t == null || t.isBlank()) {
            throw new IllegalStateException(TABLE_VARIABLE + " is not set: set it to the DynamoDB table the floor's calls go to");
        }
        return t;
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        event.readAllBytes();
        AttributeValue pk = AttributeValue.fromS("floor");
        Map<String, AttributeValue> key = Map.of("pk", pk, "sk", AttributeValue.fromS("head"));
        dynamo.query(q -> q.tableName(table).keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", pk)));
        dynamo.getItem(g -> g.tableName(table).key(key));
        dynamo.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(List.of(key)).build())));
        // The request id makes the key unique to this invocation, so the condition holds on every run.
        dynamo.putItem(p -> p.tableName(table).item(Map.of("pk", pk, "sk", AttributeValue.fromS("put-" + context.getAwsRequestId()),
                "v", AttributeValue.fromN("1"))).conditionExpression("attribute_not_exists(pk)"));
        response.write(RuntimeOnlyHandler.NO_FAILURES);
    }
}

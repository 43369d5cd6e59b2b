package io.tidemark.emulators;

import io.tidemark.aws.AwsClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each emulator of the Docker-free stack, reached through the shared client factory. */
@ExtendWith(EmulatorStack.class)
class EmulatorRoundTripTest {

    @Test
    void kinesisMockReturnsExactlyTheHundredRecordsPutOnTwoShards(Endpoints endpoints) throws InterruptedException {
        try (KinesisClient kinesis = AwsClients.forEndpoints(endpoints.asEnvironment()).sync(KinesisClient.builder(), "KINESIS").build()) {
            String stream = "roundtrip-" + UUID.randomUUID();
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            awaitActive(kinesis, stream);

            Set<String> sent = new HashSet<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String data = "{\"n\":" + i + "}";
                sent.add(data);
                entries.add(PutRecordsRequestEntry.builder().partitionKey("user-" + i)
                        .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)).build());
            }
            PutRecordsResponse put = kinesis.putRecords(b -> b.streamName(stream).records(entries));
            assertThat(put.failedRecordCount()).isZero();

            List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
            assertThat(shards).hasSize(2);
            List<String> received = new ArrayList<>();
            Set<String> shardsWithRecords = new HashSet<>();
            for (Shard shard : shards) {
                String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
                    page.records().forEach(r -> {
                        received.add(r.data().asUtf8String());
                        shardsWithRecords.add(shard.shardId());
                    });
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
            assertThat(received).hasSize(100).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(shardsWithRecords).as("100 partition keys spread over both shards").hasSize(2);
        }
    }

    @Test
    void motoDynamoDbAcceptsAConditionalPutOnceOnly(Endpoints endpoints) {
        try (DynamoDbClient dynamo = AwsClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            ConditionalPuts.assertSecondConditionalPutFails(dynamo, "roundtrip-" + UUID.randomUUID());
        }
    }

    @Test
    void motoDeliversAnSnsPublishToASubscribedSqsQueueWithItsAttributes(Endpoints endpoints) {
        try (SnsClient sns = AwsClients.forEndpoints(endpoints.asEnvironment()).sns(); SqsClient sqs = AwsClients.forEndpoints(endpoints.asEnvironment()).sync(SqsClient.builder(), "SQS").build()) {
            String topicArn = sns.createTopic(b -> b.name("roundtrip-" + UUID.randomUUID())).topicArn();
            String queueUrl = sqs.createQueue(b -> b.queueName("roundtrip-" + UUID.randomUUID())).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));

            sns.publish(b -> b.topicArn(topicArn).message("{\"alert_id\":\"a1\"}").messageAttributes(Map.of(
                    "alert_type", MessageAttributeValue.builder().dataType("String").stringValue("cart_abandoned").build(),
                    "user_id", MessageAttributeValue.builder().dataType("String").stringValue("u42").build())));

            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
            assertThat(messages).hasSize(1);
            // Without raw delivery the SQS body is SNS's JSON envelope, attributes inside it.
            String body = messages.get(0).body();
            assertThat(body).contains("\\\"alert_id\\\":\\\"a1\\\"")
                    .contains("\"alert_type\"").contains("cart_abandoned")
                    .contains("\"user_id\"").contains("u42");
        }
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stream " + stream + " never became ACTIVE");
    }

    /** A conditional put on a fresh table: the second one fails. */
    static final class ConditionalPuts {
        static void assertSecondConditionalPutFails(DynamoDbClient dynamo, String table) {
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            PutItemRequest put = PutItemRequest.builder().tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS("event#e1"), "amount", AttributeValue.fromN("37.25")))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build();
            dynamo.putItem(put);
            assertThatThrownBy(() -> dynamo.putItem(put)).isInstanceOf(ConditionalCheckFailedException.class);
            assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("event#e1"))))
                    .item().get("amount").n()).isEqualTo("37.25");
        }
    }
}

package io.tidemark.emulators;

import io.tidemark.aws.AwsClients;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same Kinesis round trip on LocalStack in Docker. Runs only where a Docker engine answers
 * (and LOCALSTACK_AUTH_TOKEN is set, which LocalStack's image needs since 2026); elsewhere JUnit
 * reports it skipped: "disabledWithoutDocker is true and Docker is not available".
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSmokeTest {

    /** Pinned with localstack/docker-compose.yml. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.10.0");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE)
            .withServices(LocalStackContainer.Service.KINESIS)
            .withEnv(Map.of("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", "")));

    @Test
    void kinesisRoundTripOnLocalStack() throws InterruptedException {
        AwsClients clients = AwsClients.builder().environment(Map.of())
                .endpointUrl(LOCALSTACK.getEndpoint()).region(LOCALSTACK.getRegion()).build();
        try (KinesisClient kinesis = clients.sync(KinesisClient.builder(), "KINESIS").build()) {
            kinesis.createStream(b -> b.streamName("smoke").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("smoke"));
            String shard = kinesis.putRecord(b -> b.streamName("smoke").partitionKey("u1")
                    .data(SdkBytes.fromUtf8String("{\"event_id\":\"e1\"}"))).shardId();
            String iterator = kinesis.getShardIterator(b -> b.streamName("smoke").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(r -> r.data().asUtf8String()).containsExactly("{\"event_id\":\"e1\"}");
        }
    }
}

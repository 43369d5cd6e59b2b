package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.config.StackOutputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on LocalStack: deploy this CDK app with cdklocal, put events into the stream and
 * receive the abandonment alert from the alerts topic. Runs only with a Docker engine and a
 * LocalStack auth token ({@link LocalStackAvailable}); skipped here.
 *
 * <p>What remains (marked TODO below): the records are put with the SDK and the alert is read from
 * the stack's SQS subscription because the {@code tidemark put} and {@code tidemark alerts tail}
 * commands do not exist yet; switch to them when they land. The handlers do not exist yet either,
 * so until they do the alert step fails (it is written against the contract of docs/spec.md §2.4).
 */
@ExtendWith(LocalStackAvailable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackEndToEndTest {

    /** Pinned; override with -Dtidemark.localstack.image=… */
    static final String IMAGE = System.getProperty("tidemark.localstack.image", "localstack/localstack:4.10.0");
    static final String STACK = "TidemarkE2E";
    static final String REGION = "us-east-1";

    private static GenericContainer<?> localstack;
    private static JsonNode outputs;

    @BeforeAll
    static void startLocalStackAndDeploy() throws Exception {
        Tools.ensureInstalled();
        localstack = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(4566)
                .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv(LocalStackAvailable.AUTH_TOKEN))
                // Lambda functions run as sibling containers.
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock")
                .waitingFor(Wait.forHttp("/_localstack/health").forPort(4566).withStartupTimeout(Duration.ofMinutes(3)));
        localstack.start();

        Map<String, String> env = cdklocalEnvironment();
        Tools.Result bootstrap = Tools.run(List.of(Tools.CDKLOCAL.toString(), "bootstrap", "--no-notices",
                "-c", DeploymentSettings.STACK_NAME + "=" + STACK), Tools.MODULE, 600, env);
        assertThat(bootstrap.exitCode()).as(bootstrap.output()).isZero();

        Path outputsFile = Files.createTempDirectory(Path.of("target"), "localstack-").resolve("outputs.json");
        Tools.Result deploy = Tools.run(List.of(Tools.CDKLOCAL.toString(), "deploy", "--require-approval", "never", "--no-notices",
                "-c", DeploymentSettings.STACK_NAME + "=" + STACK,
                "-c", DeploymentSettings.TABLE_PREFIX + "=e2e",
                "-c", DeploymentSettings.REMOVAL_POLICY + "=destroy",
                "-c", DeploymentSettings.ALERT_QUEUE + "=true",
                "--outputs-file", outputsFile.toString()), Tools.MODULE, 900, env);
        System.out.printf("cdklocal deploy took %d ms%n", deploy.millis());
        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        outputs = new ObjectMapper().readTree(outputsFile.toFile()).get(STACK);
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    private static String endpoint() {
        return "http://" + localstack.getHost() + ":" + localstack.getMappedPort(4566);
    }

    private static Map<String, String> cdklocalEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint(),
                "AWS_ENDPOINT_URL_S3", "http://s3.localhost.localstack.cloud:" + localstack.getMappedPort(4566),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION,
                "AWS_ENVAR_ALLOWLIST", "AWS_REGION,AWS_DEFAULT_REGION");
    }

    @Test
    @Order(1)
    void deployedStackHasEveryOutputTheCliReads() {
        List<String> missing = new ArrayList<>();
        for (String key : StackOutputs.always()) {
            if (!outputs.has(key)) {
                missing.add(key);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(outputs.has(StackOutputs.ALERT_QUEUE_URL)).isTrue();
    }

    @Test
    @Order(2)
    void abandonedCartRaisesOneAlert() throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        // TODO(cli): replace with `tidemark put --stream <StreamName>` once the command exists.
        try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION)).credentialsProvider(credentials).build()) {
            put(kinesis, "u1", "{\"event_id\":\"e1\",\"type\":\"add_to_cart\",\"user_id\":\"u1\",\"timestamp\":\"" + t0
                    + "\",\"product_id\":\"p1\"}");
            // Same user, same shard: 45 minutes later moves the watermark past the cart's deadline
            // (last activity + 30 min) plus the watermark delay (2 min) and allowed lateness (10 min).
            put(kinesis, "u1", "{\"event_id\":\"e2\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\""
                    + t0.plus(Duration.ofMinutes(45)) + "\",\"page\":\"/home\"}");
        }
        // TODO(cli): replace with `tidemark alerts tail --json` once the command exists.
        List<Message> received = new ArrayList<>();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION)).credentialsProvider(credentials).build()) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                received.addAll(sqs.receiveMessage(ReceiveMessageRequest.builder()
                        .queueUrl(outputs.get(StackOutputs.ALERT_QUEUE_URL).asText())
                        .waitTimeSeconds(20).maxNumberOfMessages(10).build()).messages());
            }
        }
        assertThat(received).as("an abandonment alert within 8 minutes").isNotEmpty();
        JsonNode alert = new ObjectMapper().readTree(received.get(0).body());
        assertThat(alert.get("user_id").asText()).isEqualTo("u1");
        assertThat(alert.get("products")).hasSize(1);
        assertThat(alert.get("alert_id").asText()).isNotBlank();
    }

    /** Partition key user_id (docs/spec.md §1). */
    private static void put(KinesisClient kinesis, String userId, String json) {
        kinesis.putRecord(PutRecordRequest.builder().streamName(outputs.get(StackOutputs.STREAM_NAME).asText())
                .partitionKey(userId).data(SdkBytes.fromUtf8String(json)).build());
    }
}

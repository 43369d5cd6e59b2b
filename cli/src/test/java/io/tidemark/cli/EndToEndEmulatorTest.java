package io.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product on the Docker-free emulators, through the CLI as a user drives it:
 * {@code tidemark generate} → {@code tidemark put} → kinesis-mock → {@code tidemark run} (Lambda's
 * Kinesis event source mapping → KinesisHandler → DynamoDB (moto); the sweeper; the alerts table's
 * stream → AlertPublisherHandler → SNS on moto) → {@code tidemark alerts tail} in a second process
 * reading an SQS queue subscribed to the topic, and {@code tidemark query all --json}. The views must
 * equal the brute-force reference over the same file, and the tail must receive exactly the
 * reference's abandonment alerts, by alert_id.
 * <p>
 * The traffic has producer duplicates, repeated order ids and 1 % invalid lines (sent anyway with
 * {@code --no-validate}, so the pipeline's quarantine handles them) and out-of-orderness within the
 * watermark delay. Late events are left to {@code LocalCommandTest}: whether a 30-minute-late record
 * is behind the horizon depends on how far apart the runner happens to read the two shards.
 */
@ExtendWith(EmulatorStack.class)
class EndToEndEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void generatePutRunGivesTheReferenceViewsAndExactlyTheReferenceAlerts(Endpoints endpoints) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Cli.Result generated = Cli.run("generate", "--seed", "11", "--count", "3000", "--users", "150", "--duplicate-rate", "0.01",
                "--order-duplicate-rate", "0.05", "--invalid-rate", "0.01", "--out", events.toString());
        assertThat(generated.exit()).as(generated.err()).isZero();
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        Report expected = FileReference.of(lines, EventTimeSettings.defaults());
        assertThat(expected.cartAbandonments()).as("the input abandons carts").hasSizeGreaterThan(5);
        assertThat(expected.counts().rejected()).as("the input has invalid lines").isPositive();

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "events-" + suffix;
        String prefix = "e2e" + suffix;
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis(); SnsClient sns = ToolClients.forEndpoints(endpoints.asEnvironment()).sns();
             SqsClient sqs = ToolClients.forEndpoints(endpoints.asEnvironment()).sqs()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            String topic = sns.createTopic(b -> b.name("alerts-" + suffix)).topicArn();
            String failedBatches = sqs.createQueue(b -> b.queueName("failed-batches-" + suffix)).queueUrl();

            try (CliProcess tail = CliProcess.start(endpoints, dir, "alerts", "tail", "--topic", topic, "--json", "--timeout", "PT10M")) {
                AlertsTailCommandTest.awaitSubscription(sns, topic);

                // At any concurrency put keeps each user's records in file order and each shard within 1 s of it: all the reference needs.
                long t0 = System.nanoTime();
                Cli.Result put = Cli.run("put", events.toString(), "--stream", stream, "--no-validate", "--json");
                assertThat(put.exit()).as(put.err()).isZero();
                assertThat(JSON.readTree(put.out()).get("sent").asLong()).isEqualTo(lines.size());

                long t1 = System.nanoTime();
                Cli.Result run = Cli.run("run", "--stream", stream, "--topic", topic, "--failure-queue", failedBatches,
                        "--table-prefix", prefix, "--until-idle", "--end-of-input");
                assertThat(run.exit()).as(run.err()).isZero();
                System.out.printf("end to end: %d lines put in %.1f s, run until idle and end of input in %.1f s%n%s", lines.size(),
                        (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, run.err());

                Cli.Result query = Cli.run("query", "all", "--json", "--table-prefix", prefix);
                assertThat(query.exit()).as(query.err()).isZero();
                Report actual = ReportJson.read(query.out());
                assertThat(actual.counts()).isEqualTo(expected.counts());
                assertThat(actual.revenuePerHour()).isEqualTo(expected.revenuePerHour());
                assertThat(actual.activeUsers()).isEqualTo(expected.activeUsers());
                assertThat(actual.sessions()).isEqualTo(expected.sessions());
                assertThat(actual.cartAbandonments()).isEqualTo(expected.cartAbandonments());

                int alerts = expected.cartAbandonments().size();
                tail.awaitStdout(received -> received.size() >= alerts, Duration.ofSeconds(90));
                Thread.sleep(2_000); // anything beyond the expected alerts would arrive now
                tail.interrupt();
                tail.awaitExit(Duration.ofSeconds(30));
                List<String> received = tail.stdoutLines().stream().map(EndToEndEmulatorTest::alertId).toList();
                assertThat(received).as("alert ids received from SQS")
                        .containsExactlyInAnyOrderElementsOf(expected.cartAbandonments().stream().map(Report.Abandonment::alertId).toList());
            }
            AlertsTailCommandTest.assertNothingLeft(sns, sqs, topic);
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(failedBatches).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("batches sent to the on-failure queue").isEqualTo("0");
        }
    }

    private static String alertId(String json) {
        try {
            return JSON.readTree(json).get("alert_id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}

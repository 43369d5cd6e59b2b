package io.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live stream resharded while the input flows, on the Docker-free emulators: {@code tidemark run}
 * reads kinesis-mock from the start, and a generated file goes in with {@code tidemark put} (its
 * defaults) a quarter at a time, the stream going 1 → 2 → 4 → 3 shards in between. The views and the
 * counts (nothing late) must equal the brute-force reference over the file, which knows nothing of
 * shards, and the alerts received on an SQS queue subscribed to the topic must be exactly the
 * reference's, by alert_id.
 */
@ExtendWith(EmulatorStack.class)
class ReshardEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void aStreamResharded1To2To4To3WhileTheInputFlowsGivesTheReference(Endpoints endpoints) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Cli.Result generated = Cli.run("generate", "--seed", "16", "--count", "2400", "--users", "300", "--duplicate-rate", "0.01",
                "--order-duplicate-rate", "0.05", "--out", events.toString());
        assertThat(generated.exit()).as(generated.err()).isZero();
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        Report expected = FileReference.of(lines, EventTimeSettings.defaults());
        assertThat(expected.cartAbandonments()).as("the input abandons carts").hasSizeGreaterThan(5);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "reshard-" + suffix;
        String prefix = "rs" + suffix;
        ToolClients clients = ToolClients.forEndpoints(endpoints.asEnvironment());
        try (KinesisClient kinesis = clients.kinesis(); SnsClient sns = clients.sns(); SqsClient sqs = clients.sqs()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            String topic = sns.createTopic(b -> b.name("alerts-" + suffix)).topicArn();
            String failedBatches = sqs.createQueue(b -> b.queueName("failed-batches-" + suffix)).queueUrl();

            CliProcess tail = CliProcess.start(endpoints, dir, "alerts", "tail", "--topic", topic, "--json", "--timeout", "PT10M");
            try (CliProcess run = CliProcess.start(endpoints, dir, "run", "--stream", stream, "--topic", topic, "--failure-queue",
                    failedBatches, "--table-prefix", prefix, "--until-idle", "--idle-for", "PT20S", "--end-of-input")) {
                AlertsTailCommandTest.awaitSubscription(sns, topic);
                int[] shardCounts = {2, 4, 3};
                for (int quarter = 0; quarter < 4; quarter++) {
                    Path part = dir.resolve("quarter-" + quarter + ".jsonl");
                    Files.write(part, lines.subList(lines.size() * quarter / 4, lines.size() * (quarter + 1) / 4), StandardCharsets.UTF_8);
                    Cli.Result put = Cli.run("put", part.toString(), "--stream", stream, "--json");
                    assertThat(put.exit()).as(put.err()).isZero();
                    if (quarter < 3) {
                        reshard(kinesis, stream, shardCounts[quarter]);
                    }
                }
                assertThat(run.awaitExit(Duration.ofMinutes(5))).as(run.stderr()).isZero();
                int alerts = expected.cartAbandonments().size();
                tail.awaitStdout(received -> received.size() >= alerts, Duration.ofSeconds(90));
                Thread.sleep(2_000); // anything beyond the expected alerts would arrive now
            } finally {
                tail.interrupt(); // Ctrl-C: it unsubscribes and deletes its queue, whatever happened above
                tail.awaitExit(Duration.ofSeconds(30));
            }

            List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
            assertThat(shards).as("every shard the reshards made, closed ones included").hasSizeGreaterThanOrEqualTo(7);
            Cli.Result query = Cli.run("query", "all", "--json", "--table-prefix", prefix);
            assertThat(query.exit()).as(query.err()).isZero();
            Report actual = ReportJson.read(query.out());
            assertThat(actual.counts()).isEqualTo(expected.counts());
            assertThat(actual.revenuePerHour()).isEqualTo(expected.revenuePerHour());
            assertThat(actual.activeUsers()).isEqualTo(expected.activeUsers());
            assertThat(actual.sessions()).isEqualTo(expected.sessions());
            assertThat(actual.cartAbandonments()).isEqualTo(expected.cartAbandonments());
            assertThat(actual.adAttribution()).isEqualTo(expected.adAttribution());
            List<String> received = tail.stdoutLines().stream().map(ReshardEndToEndTest::alertId).toList();
            assertThat(received).as("alert ids received from SQS")
                    .containsExactlyInAnyOrderElementsOf(expected.cartAbandonments().stream().map(Report.Abandonment::alertId).toList());
            AlertsTailCommandTest.assertNothingLeft(sns, sqs, topic);
        }
    }

    /** UpdateShardCount with uniform scaling, then waits until the stream is ACTIVE with that many open shards. */
    private static void reshard(KinesisClient kinesis, String stream, int shards) throws InterruptedException {
        kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(shards).scalingType(ScalingType.UNIFORM_SCALING));
        for (int i = 0; i < 300; i++) {
            long open = kinesis.listShards(b -> b.streamName(stream)).shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).count();
            if (open == shards
                    && kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stream " + stream + " did not reach " + shards + " open shards");
    }

    private static String alertId(String json) {
        try {
            return JSON.readTree(json).get("alert_id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}

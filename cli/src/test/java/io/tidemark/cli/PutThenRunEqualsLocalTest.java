package io.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream gives the answer the file gives: a generated file (disorder within the watermark delay)
 * put with {@code tidemark put}'s defaults — concurrent requests — to a 4-shard stream on kinesis-mock,
 * then read by {@code tidemark run --until-idle --end-of-input}, must query exactly as
 * {@code tidemark local --input} of the same file reports, counts included (nothing late), for
 * three different files.
 */
@ExtendWith(EmulatorStack.class)
class PutThenRunEqualsLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @ParameterizedTest(name = "generated file of seed {0}")
    @ValueSource(ints = {21, 22, 23})
    void putWithItsDefaultsAndRunQueryAsLocalReports(int seed, Endpoints endpoints) throws Exception {
        Path events = dir.resolve("events-" + seed + ".jsonl");
        Cli.Result generated = Cli.run("generate", "--seed", Integer.toString(seed), "--count", "2500", "--users", "250",
                "--out", events.toString());
        assertThat(generated.exit()).as(generated.err()).isZero();

        Path localReport = dir.resolve("local-" + seed + ".json");
        Cli.Result local = Cli.run("local", "--input", events.toString(), "--report", localReport.toString(), "--quiet", "--no-archive");
        assertThat(local.exit()).as(local.err()).isZero();
        Report expected = ReportJson.read(Files.readString(localReport));
        assertThat(expected.counts().late()).as("the file's disorder is within the watermark delay").isZero();

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "put-order-" + suffix;
        String prefix = "po" + suffix;
        ToolClients clients = ToolClients.forEndpoints(endpoints.asEnvironment());
        try (KinesisClient kinesis = clients.kinesis(); SnsClient sns = clients.sns(); SqsClient sqs = clients.sqs()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(4));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            String topic = sns.createTopic(b -> b.name("alerts-" + suffix)).topicArn();
            String failedBatches = sqs.createQueue(b -> b.queueName("failed-batches-" + suffix)).queueUrl();

            Cli.Result put = Cli.run("put", events.toString(), "--stream", stream, "--json");
            assertThat(put.exit()).as(put.err()).isZero();
            assertThat(JSON.readTree(put.out()).get("sent").asLong()).isEqualTo(Files.readAllLines(events).size());

            Cli.Result run = Cli.run("run", "--stream", stream, "--topic", topic, "--failure-queue", failedBatches,
                    "--table-prefix", prefix, "--until-idle", "--end-of-input");
            assertThat(run.exit()).as(run.err()).isZero();

            Cli.Result query = Cli.run("query", "all", "--json", "--table-prefix", prefix);
            assertThat(query.exit()).as(query.err()).isZero();
            Report actual = ReportJson.read(query.out());
            assertThat(actual.counts()).as("counts").isEqualTo(expected.counts());
            assertThat(actual).isEqualTo(expected);
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(failedBatches).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("batches sent to the on-failure queue").isEqualTo("0");
            sqs.deleteQueue(b -> b.queueUrl(failedBatches));
            sns.deleteTopic(b -> b.topicArn(topic));
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }
}

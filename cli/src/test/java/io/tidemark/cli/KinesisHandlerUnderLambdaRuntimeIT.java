package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.config.PipelineConfig;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import io.tidemark.testkit.lambda.EmulatedFunction;
import io.tidemark.testkit.lambda.LambdaRuntimePieces;
import io.tidemark.testkit.lambda.TriggerEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kinesis handler from the Lambda jar under AWS Lambda's real runtime (the Runtime Interface
 * Emulator and the Java runtime client), end to end: a generated file put to a kinesis-mock stream
 * with {@code tidemark put}, read back shard by shard and handed to the handler batch by batch in the
 * event source mapping's shape (the shards' batches interleaved, as concurrent pollers would), then
 * the end of input through the sweeper, also under the runtime. The views must equal the brute-force
 * reference over the file; then {@code tidemark run --until-idle --end-of-input} over the same stream
 * and tables (the local event-source runner, which reads every record again) must change nothing.
 */
@ExtendWith(EmulatorStack.class)
class KinesisHandlerUnderLambdaRuntimeIT {

    private static final int BATCH = 100;

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void theHandlerUnderTheLambdaRuntimeGivesTheReferenceViewsAndTheLocalRunnerChangesNothing(Endpoints endpoints) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Cli.Result generated = Cli.run("generate", "--seed", "23", "--count", "2000", "--users", "120", "--duplicate-rate", "0.01",
                "--order-duplicate-rate", "0.05", "--invalid-rate", "0.01", "--out", events.toString());
        assertThat(generated.exit()).as(generated.err()).isZero();
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        Report expected = FileReference.of(lines, EventTimeSettings.defaults());
        assertThat(expected.cartAbandonments()).as("the input abandons carts").hasSizeGreaterThan(5);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "events-" + suffix;
        String prefix = "lrt" + suffix;
        ToolClients clients = ToolClients.forEndpoints(endpoints.asEnvironment());
        try (KinesisClient kinesis = clients.kinesis(); var dynamo = clients.dynamoDb()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            // --concurrency 1 keeps each user's records in file order, as the reference reads them.
            Cli.Result put = Cli.run("put", events.toString(), "--stream", stream, "--no-validate", "--concurrency", "1", "--json");
            assertThat(put.exit()).as(put.err()).isZero();

            StateTables.createAll(dynamo, prefix);
            Map<String, String> env = new LinkedHashMap<>(PipelineConfig.defaults().withTablePrefix(prefix).toEnvironment());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDb().toString());
            LambdaRuntimePieces runtime = LambdaRuntimePieces.install();
            Path jar = Path.of(System.getProperty("tidemark.lambdaJar", "../functions/target/tidemark-functions-0.1.0-SNAPSHOT-lambda.jar"));

            List<List<TriggerEvents.KinesisRecord>> batchesByShard = new ArrayList<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
                batchesByShard.add(readBack(kinesis, stream, shard.shardId()));
            }
            assertThat(batchesByShard.stream().mapToInt(List::size).sum()).as("records read back").isEqualTo(lines.size());

            int invocations = 0;
            try (EmulatedFunction handler = EmulatedFunction.builder(runtime, jar, "io.tidemark.handlers.KinesisHandler::handleRequest")
                    .environment(env).log(dir.resolve("kinesis-handler.log")).start()) {
                for (int from = 0; batchesByShard.stream().anyMatch(l -> l.size() > 0) && from < lines.size(); from += BATCH) {
                    for (List<TriggerEvents.KinesisRecord> shard : batchesByShard) {
                        if (from < shard.size()) {
                            JsonNode r = handler.invoke(TriggerEvents.kinesis(stream, shard.subList(from, Math.min(shard.size(), from + BATCH)))).json();
                            assertThat(r.get("batchItemFailures")).as(r.toString()).isEmpty();
                            invocations++;
                        }
                    }
                }
            }
            assertThat(invocations).as("batches of %d", BATCH).isGreaterThan(lines.size() / BATCH);
            try (EmulatedFunction sweeper = EmulatedFunction.builder(runtime, jar, "io.tidemark.handlers.SweeperHandler::handleRequest")
                    .environment(env).log(dir.resolve("sweeper.log")).start()) {
                assertThat(sweeper.invoke("{\"endOfInput\": true}").json().get("ticked")).hasSize(2);
            }

            Report underRuntime = query(prefix);
            assertThat(underRuntime.counts()).isEqualTo(expected.counts());
            assertThat(underRuntime.revenuePerHour()).isEqualTo(expected.revenuePerHour());
            assertThat(underRuntime.activeUsers()).isEqualTo(expected.activeUsers());
            assertThat(underRuntime.sessions()).isEqualTo(expected.sessions());
            assertThat(underRuntime.cartAbandonments()).isEqualTo(expected.cartAbandonments());

            Cli.Result run = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle", "--end-of-input");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(query(prefix)).as("the local runner over the same stream and tables").isEqualTo(underRuntime);
        }
    }

    /** A shard's records from the trim horizon, as the event source mapping reads them. */
    private static List<TriggerEvents.KinesisRecord> readBack(KinesisClient kinesis, String stream, String shardId) {
        List<TriggerEvents.KinesisRecord> out = new ArrayList<>();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (iterator != null) {
            String it = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(it).limit(1000));
            page.records().forEach(r -> out.add(new TriggerEvents.KinesisRecord(shardId, r.sequenceNumber(), r.partitionKey(), r.data().asByteArray(),
                    r.approximateArrivalTimestamp())));
            if (page.records().isEmpty() && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0)) {
                break;
            }
            iterator = page.nextShardIterator();
        }
        return out;
    }

    private static Report query(String prefix) {
        Cli.Result query = Cli.run("query", "all", "--json", "--table-prefix", prefix);
        assertThat(query.exit()).as(query.err()).isZero();
        return ReportJson.read(query.out());
    }
}

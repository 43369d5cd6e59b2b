package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.events.EventJson;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kappa story on the Docker-free emulators, through the CLI: {@code tidemark put} → kinesis-mock →
 * {@code tidemark run} (the handlers, and the archiver on its own mapping writing to moto's S3 as the
 * deployed archiver does) → DynamoDB (moto); then {@code tidemark replay} of that archive into new tables gives the same
 * views, and a replay into the live tables changes nothing.
 */
@ExtendWith(EmulatorStack.class)
class ReplayEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void replayOfTheArchiveRebuildsIdenticalViewsAndReplayIntoTheLiveTablesChangesNothing(Endpoints endpoints) throws Exception {
        // Producer faults the views must survive: repeated event ids and orders, invalid records. No late
        // records: whether a record is late depends on how far the live shards ran apart, which a replay
        // does not reproduce (docs/replay.md); the comparison would list the difference.
        GeneratorSettings settings = GeneratorSettings.defaults(23).withUsers(100).withCount(2_000).withFaults(0.02, 0.05, 0, 0.01);
        List<String> lines = new TrafficGenerator(settings).generate().stream()
                .map(r -> r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event())).toList();
        Path file = dir.resolve("traffic.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "replay-e2e-" + run;
        String bucket = "archive-" + run;
        String live = "live-" + run;
        Instant began = Instant.now().minusSeconds(60);
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis(); S3Client s3 = ToolClients.forEndpoints(endpoints.asEnvironment()).s3();
             DynamoDbClient dynamo = ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            s3.createBucket(b -> b.bucket(bucket));

            // Live run. One PutRecords call at a time keeps each user's records in file order (concurrent calls may
            // swap whole batches, and records would arrive later than the watermark delay allows).
            Cli.Result put = Cli.run("put", file.toString(), "--stream", stream, "--no-validate", "--concurrency", "1", "--json");
            assertThat(put.exit()).as(put.err()).isZero();
            Cli.Result liveRun = Cli.run("run", "--stream", stream, "--table-prefix", live, "--archive", "s3://" + bucket + "/",
                    "--until-idle", "--idle-for", "PT1S", "--end-of-input", "--sweep-interval", "PT1H");
            assertThat(liveRun.exit()).as(liveRun.err()).isZero();
            Cli.Result liveViews = Cli.run("query", "all", "--json", "--table-prefix", live);
            assertThat(liveViews.exit()).as(liveViews.err()).isZero();
            JsonNode liveReport = JSON.readTree(liveViews.out());
            JsonNode counts = liveReport.get("counts");
            assertThat(counts.get("accepted").asLong() + counts.get("duplicates").asLong() + counts.get("rejected").asLong()
                    + counts.get("late").asLong()).as("every record handled once: %s; run said %s", counts, liveRun.err()).isEqualTo(lines.size());
            assertThat(counts.get("late").asLong()).as("no late records: %s", counts).isZero();
            assertThat(liveReport.at("/counts/duplicates").asLong()).isPositive();
            assertThat(liveReport.at("/counts/rejected").asLong()).isPositive();
            assertThat(liveReport.get("cart_abandonments")).isNotEmpty();

            // The archive's layout: event-date partitions, one gzipped JSON Lines object per batch named by its shard and sequence
            // numbers; records without a readable timestamp apart.
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
            List<String> events = keys.stream().filter(k -> k.startsWith("events/")).toList();
            assertThat(events).isNotEmpty().allMatch(k -> k.matches("events/event_date=(\\d{4}-\\d{2}-\\d{2}|unknown)/shardId-\\d+-\\d+-\\d+\\.jsonl\\.gz"));
            assertThat(events).anyMatch(k -> k.startsWith("events/event_date=2026-11-23/")).anyMatch(k -> k.startsWith("events/event_date=unknown/"));
            // Beside them, the lineage of the stream's two shards, as kinesis-mock listed them.
            assertThat(keys.stream().filter(k -> !k.startsWith("events/")))
                    .containsExactlyInAnyOrder("lineage/shardId-000000000000.json", "lineage/shardId-000000000001.json");

            // Replay of the archive into new tables: the same views, counts included.
            String rebuilt = "rebuilt-" + run;
            Cli.Result replay = Cli.run("replay", "--source", "s3://" + bucket + "/", "--target", rebuilt, "--compare-with", live, "--json");
            assertThat(replay.exit()).as(replay.out() + replay.err()).isEqualTo(ExitCodes.OK);
            JsonNode result = JSON.readTree(replay.out());
            assertThat(result.get("records").asLong()).isEqualTo(lines.size());
            assertThat(result.get("ended_input").asBoolean()).isTrue();
            assertThat(result.at("/lineage/source").asText()).as("the archive names every shard of its log").isEqualTo("archive");
            assertThat(result.at("/lineage/shards").asInt()).isEqualTo(2);
            assertThat(result.at("/comparison/identical").asBoolean()).as(replay.out()).isTrue();
            assertThat(result.at("/comparison/differences")).isEmpty();
            assertThat(result.at("/comparison/sections").toString()).contains("revenue_per_hour", "sessions", "cart_abandonments", "counts");
            Cli.Result rebuiltViews = Cli.run("query", "all", "--json", "--table-prefix", rebuilt);
            assertThat(JSON.readTree(rebuiltViews.out())).isEqualTo(liveReport);

            // The stream itself as the log, from an instant on: the same again.
            String fromStream = "stream-" + run;
            Cli.Result streamReplay = Cli.run("replay", "--source", stream + "@" + began, "--target", fromStream, "--compare-with", live, "--json");
            assertThat(streamReplay.exit()).as(streamReplay.out() + streamReplay.err()).isEqualTo(ExitCodes.OK);
            assertThat(JSON.readTree(streamReplay.out()).get("records").asLong()).isEqualTo(lines.size());

            // Replay into the live tables: every record is already applied; views, counts, alerts and quarantine stay as they were.
            long alerts = items(dynamo, live, Table.ALERTS);
            long quarantined = items(dynamo, live, Table.QUARANTINE);
            long stateItems = items(dynamo, live, Table.STATE);
            Cli.Result intoLive = Cli.run("replay", "--source", "s3://" + bucket + "/", "--target", live, "--compare-with", live, "--json");
            assertThat(intoLive.exit()).as(intoLive.out() + intoLive.err()).isEqualTo(ExitCodes.OK);
            JsonNode again = JSON.readTree(intoLive.out());
            assertThat(again.get("ended_input").asBoolean()).isFalse();
            assertThat(again.at("/comparison/compared_with").asText()).isEqualTo(live);
            assertThat(again.at("/comparison/identical").asBoolean()).as(intoLive.out()).isTrue();
            assertThat(JSON.readTree(Cli.run("query", "all", "--json", "--table-prefix", live).out())).isEqualTo(liveReport);
            assertThat(items(dynamo, live, Table.ALERTS)).isEqualTo(alerts);
            assertThat(items(dynamo, live, Table.QUARANTINE)).isEqualTo(quarantined);
            assertThat(items(dynamo, live, Table.STATE)).as("no new log entry, snapshot or claim").isEqualTo(stateItems);
        }
    }

    private static long items(DynamoDbClient dynamo, String prefix, Table table) {
        return dynamo.scanPaginator(b -> b.tableName(TableNames.forPrefix(prefix).of(table)).select("COUNT")).stream()
                .mapToLong(r -> r.count()).sum();
    }
}

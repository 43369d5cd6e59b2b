package io.tidemark.cli;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.core.stream.HashKeyRange;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark put} against kinesis-mock. */
@ExtendWith(EmulatorStack.class)
class PutCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void generatedTrafficArrivesExactlyOnceEachOnTheShardItsUserHashesTo(Endpoints endpoints) throws Exception {
        GeneratorSettings settings = GeneratorSettings.defaults(7).withCount(10_000).withFaults(0, 0, 0, 0.01);
        List<GeneratedRecord> generated = new TrafficGenerator(settings).generate();
        Path file = dir.resolve("events.jsonl");
        Files.write(file, generated.stream().map(r -> r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()))
                .toList(), StandardCharsets.UTF_8);
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis()) {
            String stream = Streams.create(kinesis, 2);

            Cli.Result put = Cli.run("put", file.toString(), "--stream", stream, "--json");

            long invalid = generated.stream().filter(r -> r.kind() == GeneratedRecord.Kind.INVALID).count();
            assertThat(put.exit()).as(put.err()).isEqualTo(ExitCodes.REJECTED);
            assertThat(put.out()).contains("\"sent\":10000").contains("\"failed\":0").contains("\"rejected\":" + invalid);
            Map<String, List<String>> eventIdsByShard = Streams.readAll(kinesis, stream);
            List<String> all = new ArrayList<>();
            eventIdsByShard.values().forEach(all::addAll);
            assertThat(all).containsExactlyInAnyOrderElementsOf(generated.stream()
                    .filter(GeneratedRecord::isValid).map(r -> r.event().eventId() + "@" + r.event().userId()).toList());
            List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
            for (Shard shard : shards) {
                for (String idAtUser : eventIdsByShard.getOrDefault(shard.shardId(), List.of())) {
                    String user = idAtUser.substring(idAtUser.indexOf('@') + 1);
                    assertThat(HashKeyRange.of(shard.hashKeyRange().startingHashKey(), shard.hashKeyRange().endingHashKey()).holds(user))
                            .as("%s on %s", user, shard.shardId()).isTrue();
                }
            }
        }
    }

    @Test
    void invalidLinesAreReportedWithTheirLineNumbers(Endpoints endpoints) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"event_id\":\"e1\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"page\":\"/\"}",
                "{\"event_id\":\"e2\",\"type\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:01:00Z\",\"order_id\":\"o\",\"amount\":-3}",
                "not json") + "\n");
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis()) {
            String stream = Streams.create(kinesis, 1);
            Cli.Result put = Cli.run("put", file.toString(), "--stream", stream);
            assertThat(put.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(put.err()).contains("line 2: amount: must be ≥ 0, got -3").contains("line 3: record: is not valid JSON")
                    .contains("1 sent");

            Cli.Result anyway = Cli.run("put", file.toString(), "--stream", stream, "--no-validate");
            assertThat(anyway.exit()).isZero();
            assertThat(Streams.readAll(kinesis, stream).values().stream().mapToInt(List::size).sum()).isEqualTo(1 + 3);
        }
    }

    @Test
    void aMissingStreamIsOneLineAndExitCodeOne(Endpoints endpoints) {
        Cli.Result put = Cli.run("put", "--generate", "--count", "10", "--stream", "no-such-stream-" + UUID.randomUUID());
        assertThat(put.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(put.err().strip().lines().toList()).hasSize(1);
        assertThat(put.err()).contains("tidemark put:").contains("ResourceNotFoundException");
    }

    /** Test helpers for streams on kinesis-mock. */
    static final class Streams {
        static String create(KinesisClient kinesis, int shards) throws InterruptedException {
            String name = "put-test-" + UUID.randomUUID();
            kinesis.createStream(b -> b.streamName(name).shardCount(shards));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
            return name;
        }

        /** {@code event_id@user_id} of every record, by shard. */
        static Map<String, List<String>> readAll(KinesisClient kinesis, String stream) {
            Map<String, List<String>> out = new HashMap<>();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
                String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    var page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                    for (Record r : page.records()) {
                        String id;
                        try {
                            var node = json.readTree(r.data().asByteArray());
                            id = node.path("event_id").asText() + "@" + node.path("user_id").asText();
                        } catch (java.io.IOException e) {
                            id = "not-json@" + r.partitionKey();
                        }
                        out.computeIfAbsent(shard.shardId(), k -> new ArrayList<>()).add(id);
                    }
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
            return out;
        }
    }
}

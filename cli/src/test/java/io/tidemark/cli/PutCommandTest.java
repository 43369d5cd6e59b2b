package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.kinesis.ShardOrder;
import io.tidemark.cli.kinesis.TestStreams;
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
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    void generatedTrafficArrivesExactlyOnceInOrderOnTheShardItsUserHashesTo(Endpoints endpoints) throws Exception {
        GeneratorSettings settings = GeneratorSettings.defaults(7).withCount(4_000).withFaults(0, 0, 0, 0.01);
        List<GeneratedRecord> generated = new TrafficGenerator(settings).generate();
        List<String> lines = generated.stream().map(r -> r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()))
                .toList();
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis()) {
            String stream = TestStreams.create(kinesis, "put-test", 2);

            Cli.Result put = Cli.run("put", file.toString(), "--stream", stream, "--json");

            long invalid = generated.stream().filter(r -> r.kind() == GeneratedRecord.Kind.INVALID).count();
            assertThat(put.exit()).as(put.err()).isEqualTo(ExitCodes.REJECTED);
            assertThat(put.out()).contains("\"sent\":4000").contains("\"failed\":0").contains("\"rejected\":" + invalid)
                    .contains("\"max_disorder\":\"PT1S\"");
            ShardOrder.ReadBack readBack = ShardOrder.readBack(kinesis, stream);
            assertThat(readBack.all().stream().map(e -> e.eventId() + "@" + e.userId()).toList()).containsExactlyInAnyOrderElementsOf(
                    generated.stream().filter(GeneratedRecord::isValid).map(r -> r.event().eventId() + "@" + r.event().userId()).toList());
            for (Shard shard : readBack.shards()) {
                HashKeyRange range = HashKeyRange.of(shard.hashKeyRange().startingHashKey(), shard.hashKeyRange().endingHashKey());
                assertThat(readBack.byShard().get(shard.shardId())).allSatisfy(e -> assertThat(range.holds(e.userId()))
                        .as("%s on %s", e.userId(), shard.shardId()).isTrue());
            }
            List<ShardOrder> order = readBack.measure(lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList());
            JsonNode summary = new ObjectMapper().readTree(put.out());
            System.out.printf("put order, generated traffic: %d records in %d calls (%.1f s)%n  %s%n", summary.get("sent").asLong(),
                    summary.get("requests").asLong(), summary.get("seconds").asDouble(),
                    String.join("\n  ", order.stream().map(ShardOrder::toString).toList()));
            assertThat(order).allSatisfy(shard -> {
                assertThat(shard.keysOutOfOrder()).as(shard.toString()).isZero();
                assertThat(shard.addedDisorder()).as(shard.toString()).isLessThanOrEqualTo(Duration.ofSeconds(1));
            });
        }
    }

    @Test
    void aNegativeDisorderBoundIsRefusedWithTheFix() {
        Cli.Result put = Cli.run("put", "--generate", "--count", "10", "--stream", "any", "--max-disorder", "-PT1S");
        assertThat(put.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(put.err()).contains("--max-disorder must be ≥ 0").contains("PT1S");
    }

    @Test
    void invalidLinesAreReportedWithTheirLineNumbers(Endpoints endpoints) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"event_id\":\"e1\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"page\":\"/\"}",
                "{\"event_id\":\"e2\",\"type\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:01:00Z\",\"order_id\":\"o\",\"amount\":-3}",
                "not json") + "\n");
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis()) {
            String stream = TestStreams.create(kinesis, "put-test", 1);
            Cli.Result put = Cli.run("put", file.toString(), "--stream", stream);
            assertThat(put.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(put.err()).contains("line 2: amount: must be ≥ 0, got -3").contains("line 3: record: is not valid JSON")
                    .contains("1 sent");

            Cli.Result anyway = Cli.run("put", file.toString(), "--stream", stream, "--no-validate");
            assertThat(anyway.exit()).isZero();
            assertThat(ShardOrder.readBack(kinesis, stream).all()).hasSize(1 + 3);
        }
    }

    @Test
    void aMissingStreamIsOneLineAndExitCodeOne(Endpoints endpoints) {
        Cli.Result put = Cli.run("put", "--generate", "--count", "10", "--stream", "no-such-stream-" + UUID.randomUUID());
        assertThat(put.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(put.err().strip().lines().toList()).hasSize(1);
        assertThat(put.err()).contains("tidemark put:").contains("ResourceNotFoundException");
    }
}

package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.cli.kinesis.TestStreams;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tidemark put} reads its input as bytes: a line that is not UTF-8 or holds a NUL byte is one invalid line named
 * with its number, and every other line is sent — a byte order mark, Windows line ends and a last line without a line
 * break included. With {@code --no-validate} every line goes to the stream with exactly its bytes.
 */
@ExtendWith(EmulatorStack.class)
class PutBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void linesThatAreNotUtf8OrHoldNulAreInvalidWithTheirNumbersAndTheOthersAreSent(Endpoints endpoints) throws Exception {
        List<byte[]> lines = List.of(
                event("e1", "u1"),
                "{\"event_id\":\"a\",\"page\":\"/\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1),
                event("e3", "u2"),
                new String(event("e4", "u3"), StandardCharsets.UTF_8).replace("u3", "u\u00003").getBytes(StandardCharsets.UTF_8),
                event("e5", "u1"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        for (int i = 0; i < lines.size(); i++) {
            file.writeBytes(lines.get(i));
            if (i < lines.size() - 1) {
                file.writeBytes(i == 2 ? "\r\n".getBytes(StandardCharsets.US_ASCII) : "\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        Path input = dir.resolve("bad.jsonl");
        Files.write(input, file.toByteArray());

        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis()) {
            String stream = TestStreams.create(kinesis, "put-bad-input", 1);
            Cli.Result put = Cli.run("put", input.toString(), "--stream", stream);
            assertThat(put.exit()).as(put.err()).isEqualTo(ExitCodes.REJECTED);
            assertThat(put.err()).contains("tidemark put: line 2: ").contains("tidemark put: line 4: ").contains("3 sent")
                    .doesNotContain("MalformedInput");
            assertThat(data(kinesis, stream)).containsExactly(lines.get(0), lines.get(2), lines.get(4));

            Cli.Result json = Cli.run("put", input.toString(), "--stream", TestStreams.create(kinesis, "put-bad-input", 1), "--json");
            JsonNode summary = JSON.readTree(json.out());
            assertThat(summary.get("sent").asLong()).isEqualTo(3);
            assertThat(summary.get("rejected").asLong()).isEqualTo(2);
            assertThat(summary.get("rejected_lines").findValuesAsText("line")).containsExactly("2", "4");

            String anyway = TestStreams.create(kinesis, "put-bad-input", 1);
            Cli.Result noValidate = Cli.run("put", input.toString(), "--stream", anyway, "--no-validate");
            assertThat(noValidate.exit()).as(noValidate.err()).isZero();
            // Invalid lines carry no event time: put keeps their key's order, but other keys' records may overtake them.
            assertThat(data(kinesis, anyway)).as("every line once, with exactly its bytes").containsExactlyInAnyOrderElementsOf(lines);
        }
    }

    private static byte[] event(String id, String user) {
        return ("{\"event_id\":\"" + id + "\",\"type\":\"page_view\",\"user_id\":\"" + user
                + "\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"page\":\"/\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The records' bytes of a one-shard stream, in order. */
    private static List<byte[]> data(KinesisClient kinesis, String stream) {
        List<byte[]> out = new ArrayList<>();
        String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (iterator != null) {
            String current = iterator;
            var page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
            page.records().forEach(r -> out.add(r.data().asByteArray()));
            iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
        return out;
    }
}

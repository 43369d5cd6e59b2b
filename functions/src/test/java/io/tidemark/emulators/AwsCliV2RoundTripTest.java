package io.tidemark.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's AWS CLI v2 workflow against kinesis-mock. Debian's awscli package installs v2 as
 * /usr/bin/aws (.ci/run installs it); a v1 `aws` earlier on PATH is not used.
 */
@ExtendWith(EmulatorStack.class)
class AwsCliV2RoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void putRecordAndGetRecordsWithTheAwsCliV2(Endpoints endpoints) throws Exception {
        Path aws = findAwsCliV2();
        Assumptions.assumeTrue(aws != null, "no AWS CLI v2 found (/usr/bin/aws or aws on PATH reporting aws-cli/2): "
                + "install it with apt-get install awscli, as .ci/run does");
        String endpoint = endpoints.kinesis().toString();
        String stream = "cli-" + UUID.randomUUID();

        aws(aws, endpoint, "kinesis", "create-stream", "--stream-name", stream, "--shard-count", "1");
        aws(aws, endpoint, "kinesis", "wait", "stream-exists", "--stream-name", stream);
        JsonNode put = aws(aws, endpoint, "kinesis", "put-record", "--stream-name", stream, "--partition-key", "u1",
                "--data", "{\"event_id\":\"e1\"}", "--cli-binary-format", "raw-in-base64-out");
        assertThat(put.path("SequenceNumber").asText()).isNotBlank();

        String shardId = put.path("ShardId").asText();
        String iterator = aws(aws, endpoint, "kinesis", "get-shard-iterator", "--stream-name", stream, "--shard-id", shardId,
                "--shard-iterator-type", "TRIM_HORIZON").path("ShardIterator").asText();
        JsonNode records = aws(aws, endpoint, "kinesis", "get-records", "--shard-iterator", iterator).path("Records");
        assertThat(records).hasSize(1);
        String data = new String(Base64.getDecoder().decode(records.get(0).path("Data").asText()), StandardCharsets.UTF_8);
        assertThat(data).isEqualTo("{\"event_id\":\"e1\"}");
    }

    private static JsonNode aws(Path aws, String endpoint, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", endpoint, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "tidemarklocal");
        env.put("AWS_SECRET_ACCESS_KEY", "tidemarklocal");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("aws %s failed: %s", String.join(" ", args), out).isZero();
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    /** /usr/bin/aws first (Debian's v2), then any aws on PATH, keeping the first that is v2. */
    static Path findAwsCliV2() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/aws"), Path.of("/usr/local/bin/aws")));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "aws"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && version(candidate).startsWith("aws-cli/2")) {
                return candidate;
            }
        }
        return null;
    }

    private static String version(Path aws) {
        try {
            Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}

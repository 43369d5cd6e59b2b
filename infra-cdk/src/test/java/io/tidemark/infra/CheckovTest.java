package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * checkov (pinned, in infra-cdk/.venv-checkov), an IaC scanner independent of cdk-nag, passes on the
 * synthesized templates: no failed check, and every skipped check is one of the reviewed skips below,
 * each with its reason in the resource's metadata (set by the construct that owns the resource).
 */
class CheckovTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The product's ceiling on reviewed skips per stack. */
    static final int MAX_SKIPS = 8;

    /** No handler runs in a VPC; Firehose invokes the archive transformation at the stream's rate, so no reserved concurrency. */
    private static final Set<String> EVERY_STACK = Set.of(
            "CKV_AWS_117 FunctionsKinesisHandlerFunction",
            "CKV_AWS_117 FunctionsSweeperFunction",
            "CKV_AWS_117 FunctionsAlertPublisherFunction",
            "CKV_AWS_117 ArchiveTransformFunction",
            "CKV_AWS_115 ArchiveTransformFunction",
            "CKV_AWS_18 ArchiveAccessLogs");
    /** An on-demand stream (the default) has no shard count to reserve the Kinesis handler's concurrency for. */
    private static final String ON_DEMAND_ONLY = "CKV_AWS_115 FunctionsKinesisHandlerFunction";

    @BeforeAll
    static void install() throws Exception {
        Tools.ensureInstalled();
    }

    static Stream<Synthesized> stacks() {
        return Stream.of(Synthesized.defaults(), Synthesized.variant());
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void templatePassesCheckovWithOnlyTheReviewedSkips(Synthesized synth) throws Exception {
        JsonNode report = scan(synth.templateFile);
        JsonNode summary = report.get("summary");
        System.out.printf("checkov %s on %s: %d passed, %d failed, %d skipped%n", summary.get("checkov_version").asText(),
                synth.stack.getStackName(), summary.get("passed").asInt(), summary.get("failed").asInt(), summary.get("skipped").asInt());

        List<String> failed = new ArrayList<>();
        report.get("results").get("failed_checks").forEach(c -> failed.add(c.get("check_id").asText() + " "
                + c.get("resource").asText() + ": " + c.get("check_name").asText()));
        assertThat(failed).as("failed checkov checks").isEmpty();

        Set<String> skipped = new TreeSet<>();
        report.get("results").get("skipped_checks").forEach(c -> {
            String id = c.get("check_id").asText();
            String resource = c.get("resource").asText();
            JsonNode reason = c.get("check_result").get("suppress_comment");
            assertThat(reason == null ? "" : reason.asText()).as("reason of the skip of " + id + " on " + resource).isNotBlank();
            skipped.add(id + " " + logicalIdWithoutHash(resource));
        });
        assertThat(summary.get("skipped").asInt()).as("checkov skips on %s: %s", synth.stack.getStackName(), skipped)
                .isLessThanOrEqualTo(MAX_SKIPS);
        Set<String> reviewed = new TreeSet<>(EVERY_STACK);
        if (synth.stack.settings().stream().onDemand()) {
            reviewed.add(ON_DEMAND_ONLY);
        }
        assertThat(skipped).as("skipped checkov checks").isEqualTo(reviewed);
        assertThat(summary.get("skipped").asInt()).isEqualTo(reviewed.size());
    }

    private static JsonNode scan(Path template) throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "checkov-");
        Tools.Result result = Tools.run(List.of(Tools.CHECKOV.toString(), "--file", template.toString(), "--framework", "cloudformation",
                "--skip-download", "--output", "json", "--output-file-path", out.toString()), Tools.MODULE, 300);
        Path json = out.resolve("results_json.json");
        // checkov exits 1 when a check fails: the report says which.
        assertThat(Files.exists(json)).as("checkov wrote no report (exit %d):%n%s", result.exitCode(), result.output()).isTrue();
        return JSON.readTree(json.toFile());
    }

    /** {@code AWS::Lambda::Function.FunctionsSweeperFunctionD596BE13} → {@code FunctionsSweeperFunction}. */
    static String logicalIdWithoutHash(String resource) {
        String logicalId = resource.substring(resource.lastIndexOf('.') + 1);
        return logicalId.replaceFirst("[0-9A-F]{8}$", "");
    }
}

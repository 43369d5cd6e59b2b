package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AWS Solutions checks run in every synthesis (as in the app); a finding that is not suppressed fails. */
class CdkNagTest {

    static Stream<Synthesized> stacks() {
        return Stream.of(Synthesized.defaults(), Synthesized.variant());
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void noUnsuppressedFinding(Synthesized synth) {
        List<String[]> report = synth.nagReport();
        assertThat(report).as("cdk-nag evaluated the stack").hasSizeGreaterThan(25);
        List<String> findings = report.stream()
                .filter(row -> row[2].equals("Non-Compliant"))
                .map(row -> row[0] + " " + row[1] + ": " + row[5])
                .toList();
        assertThat(findings).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everySuppressionIsExpectedAndGivesItsReason(Synthesized synth) {
        Set<String> suppressed = new TreeSet<>();
        for (String[] row : synth.nagReport()) {
            if (row[2].equals("Suppressed")) {
                suppressed.add(row[0] + " " + row[1].replaceFirst("^" + synth.stack.getStackName() + "/", ""));
                assertThat(row[3]).as("reason of " + row[0] + " on " + row[1]).hasSizeGreaterThan(80);
            }
        }
        assertThat(suppressed).containsExactlyInAnyOrder(
                "AwsSolutions-KDS3 Events/Stream/Resource",
                "AwsSolutions-SQS3 FailedBatches/Resource",
                "AwsSolutions-L1 Functions/KinesisHandler/Function/Resource",
                "AwsSolutions-L1 Functions/Sweeper/Function/Resource",
                "AwsSolutions-L1 Functions/AlertPublisher/Function/Resource",
                "AwsSolutions-IAM5 Functions/KinesisHandler/Role/DefaultPolicy/Resource",
                "AwsSolutions-IAM5 Functions/Sweeper/Role/DefaultPolicy/Resource",
                "AwsSolutions-IAM5 Functions/AlertPublisher/Role/DefaultPolicy/Resource",
                "AwsSolutions-L1 Archiving/Archiver/Function/Resource",
                "AwsSolutions-IAM5 Archiving/Archiver/Role/DefaultPolicy/Resource",
                "AwsSolutions-SQS3 Archiving/FailedBatches/Resource");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void noNagErrorOrWarningReachesTheCloudAssembly(Synthesized synth) throws Exception {
        // A second witness besides the CSV report: cdk-nag annotates unsuppressed findings as
        // aws:cdk:error / aws:cdk:warning metadata, which `cdk synth` prints and `cdk deploy` refuses.
        assertThat(annotations(synth, "AwsSolutions-")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void synthesisHasNoWarningOrErrorAtAll(Synthesized synth) throws Exception {
        assertThat(annotations(synth, "")).isEmpty();
    }

    /** Error and warning annotations of the stack whose text contains {@code containing}. */
    private static List<String> annotations(Synthesized synth, String containing) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode artifact = json.readTree(synth.outdir.resolve("manifest.json").toFile()).at("/artifacts/" + synth.stack.getStackName());
        JsonNode metadata = artifact.has("additionalMetadataFile")
                ? json.readTree(synth.outdir.resolve(artifact.get("additionalMetadataFile").asText()).toFile())
                : artifact.get("metadata");
        assertThat(metadata.isObject()).as("stack metadata in the cloud assembly").isTrue();
        assertThat(metadata.size()).as("metadata entries").isGreaterThan(20);
        List<String> found = new ArrayList<>();
        metadata.fields().forEachRemaining(path -> path.getValue().forEach(entry -> {
            String type = entry.get("type").asText();
            if ((type.equals("aws:cdk:error") || type.equals("aws:cdk:warning")) && entry.get("data").toString().contains(containing)) {
                found.add(path.getKey() + ": " + entry.get("data"));
            }
        }));
        return found;
    }
}

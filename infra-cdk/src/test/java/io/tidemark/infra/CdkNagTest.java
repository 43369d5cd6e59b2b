package io.tidemark.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
                "AwsSolutions-IAM5 Functions/AlertPublisher/Role/DefaultPolicy/Resource");
    }

    @Test
    void nagFindingsAlsoReachTheAssemblyAsErrorsWhenNotSuppressed() {
        // The report is what the two tests above read; this checks the pack really ran as an aspect of the app.
        assertThat(Synthesized.defaults().outdir.resolve("AwsSolutions-Tidemark-NagReport.csv")).exists();
    }
}

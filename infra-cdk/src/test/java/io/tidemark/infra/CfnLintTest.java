package io.tidemark.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** cfn-lint (pinned, in infra-cdk/.venv) passes on the synthesized templates. */
class CfnLintTest {

    /**
     * W3005 flags a DependsOn that a GetAtt already implies: CDK adds DependsOn from each function
     * to its role on purpose (the role's policy must exist before the function runs), so it is noise here.
     */
    static final String IGNORED = "W3005";

    @BeforeAll
    static void install() throws Exception {
        Tools.ensureInstalled();
    }

    static Stream<Synthesized> stacks() {
        return Stream.of(Synthesized.defaults(), Synthesized.variant());
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void templatePassesCfnLint(Synthesized synth) throws Exception {
        Tools.Result result = Tools.run(List.of(Tools.CFN_LINT.toString(), "--ignore-checks", IGNORED, "--",
                synth.templateFile.toString()), Tools.MODULE, 300);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}

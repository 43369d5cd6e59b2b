package io.tidemark.infra;

import io.tidemark.config.StackOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `cdk synth` through the pinned npm CLI and cdk.json, as a user runs it from infra-cdk/. */
class CdkCliSynthTest {

    @BeforeAll
    static void install() throws Exception {
        Tools.ensureInstalled();
    }

    @Test
    void pinnedCliSynthesizesTheAppFromCdkJson() throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "cdk-cli-");
        Tools.Result result = Tools.run(List.of(Tools.CDK.toString(), "synth", "--quiet", "--no-notices", "-o", out.toString()),
                Tools.MODULE, 300);
        System.out.printf("npx cdk synth took %d ms%n", result.millis());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("schema version mismatch").doesNotContain("[Error at");

        Path template = out.resolve("Tidemark.template.json");
        assertThat(template).exists();
        JsonNode json = new ObjectMapper().readTree(template.toFile());
        assertThat(json.get("Resources").size()).isGreaterThan(40);
        assertThat(json.get("Outputs").has(StackOutputs.STREAM_NAME)).isTrue();
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.get("version").asText()).startsWith("54.");
        assertThat(out.resolve("AwsSolutions-Tidemark-NagReport.csv")).exists();
    }

    @Test
    void pinnedCliVersionsAreTheOnesInTheLockfile() throws Exception {
        Tools.Result cdk = Tools.run(List.of(Tools.CDK.toString(), "--version"), Tools.MODULE, 60);
        assertThat(cdk.output()).contains("2.1148.1");
        JsonNode lock = new ObjectMapper().readTree(Tools.MODULE.resolve("package-lock.json").toFile());
        assertThat(lock.at("/packages/node_modules~1aws-cdk/version").asText()).isEqualTo("2.1148.1");
        assertThat(lock.at("/packages/node_modules~1aws-cdk-local/version").asText()).isEqualTo("3.0.4");
    }

    @Test
    void appExplainsAMissingBuildInOneLine() throws Exception {
        Tools.Result result = Tools.run(List.of("sh", "-c", "java -cp target/classes:$(cat target/classpath.txt) io.tidemark.infra.TidemarkApp"),
                Tools.MODULE, 120, java.util.Map.of("CDK_CONTEXT_JSON", "{\"lambdaJar\":\"target/absent-lambda.jar\"}",
                        "CDK_OUTDIR", Files.createTempDirectory(Path.of("target"), "cdk-missing-").toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output().lines().filter(l -> l.startsWith("tidemark-infra:")).toList())
                .singleElement().asString().contains("does not exist: build it first: ./mvnw -q -pl functions -am package -DskipTests");
    }
}

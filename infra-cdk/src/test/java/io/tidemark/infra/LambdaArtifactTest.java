package io.tidemark.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaArtifactTest {

    @Test
    void missingJarFailsWithOneLineThatSaysHowToBuildIt(@TempDir Path repo) throws IOException {
        Path infra = Files.createDirectories(repo.resolve("infra-cdk"));
        Files.createDirectories(repo.resolve("functions/target"));
        Files.writeString(repo.resolve("functions/target/tidemark-functions-1.0.jar"), "plain jar, not the Lambda one");

        assertThatThrownBy(() -> LambdaArtifact.locate(Optional.empty(), infra))
                .isInstanceOf(LambdaArtifact.MissingLambdaJar.class)
                .hasMessageContaining("build it first: ./mvnw -q -pl functions -am package -DskipTests")
                .hasMessageContaining(repo.resolve("functions/target").toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void findsTheLambdaClassifierJarFromInfraCdkAndFromTheRoot(@TempDir Path repo) throws IOException {
        Path infra = Files.createDirectories(repo.resolve("infra-cdk"));
        Path target = Files.createDirectories(repo.resolve("functions/target"));
        Files.writeString(target.resolve("tidemark-functions-1.0.jar"), "plain");
        Path jar = Files.writeString(target.resolve("tidemark-functions-1.0-lambda.jar"), "shaded");

        assertThat(LambdaArtifact.locate(Optional.empty(), infra)).isEqualTo(jar);
        assertThat(LambdaArtifact.locate(Optional.empty(), repo)).isEqualTo(jar);
    }

    @Test
    void anExplicitPathMustExist(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("custom.jar"), "x");
        assertThat(LambdaArtifact.locate(Optional.of(Path.of("custom.jar")), dir)).isEqualTo(jar);
        assertThatThrownBy(() -> LambdaArtifact.locate(Optional.of(Path.of("absent.jar")), dir))
                .hasMessageContaining("context lambdaJar")
                .hasMessageContaining("build it first");
    }

    @Test
    void twoVersionsAreAmbiguous(@TempDir Path repo) throws IOException {
        Path target = Files.createDirectories(repo.resolve("functions/target"));
        Files.writeString(target.resolve("tidemark-functions-1.0-lambda.jar"), "a");
        Files.writeString(target.resolve("tidemark-functions-1.1-lambda.jar"), "b");
        assertThatThrownBy(() -> LambdaArtifact.locate(Optional.empty(), repo)).hasMessageContaining("several Lambda jars");
    }

    @Test
    void theRealBuildProducedTheJarTheStackDeploys() {
        // This module's tests run after the functions module is packaged in the reactor (./mvnw -pl infra-cdk -am verify).
        Path jar = LambdaArtifact.locate(Optional.empty(), Path.of("").toAbsolutePath());
        assertThat(jar.getFileName().toString()).matches("tidemark-functions-.*-lambda\\.jar");
    }
}

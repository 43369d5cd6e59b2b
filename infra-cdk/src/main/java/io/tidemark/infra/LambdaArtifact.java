package io.tidemark.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the functions' deployment jar, the {@code lambda}-classifier jar that
 * {@code ./mvnw -pl functions -am package} attaches. The CDK app runs from {@code infra-cdk/}
 * (the CDK CLI) or from the repository root; both are searched.
 */
public final class LambdaArtifact {

    static final String BUILD_HINT = "build it first: ./mvnw -q -pl functions -am package -DskipTests (or pass -c "
            + DeploymentSettings.LAMBDA_JAR + "=PATH)";

    private LambdaArtifact() {
    }

    /** Raised when there is no jar to deploy; its message is one line that says how to build it. */
    public static final class MissingLambdaJar extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingLambdaJar(String message) {
            super(message);
        }
    }

    /**
     * @param explicit   the {@code lambdaJar} context value, if any
     * @param workingDir where the app runs
     */
    public static Path locate(Optional<Path> explicit, Path workingDir) {
        if (explicit.isPresent()) {
            Path jar = workingDir.resolve(explicit.get()).normalize();
            if (!Files.isRegularFile(jar)) {
                throw new MissingLambdaJar("Lambda jar " + jar + " (context " + DeploymentSettings.LAMBDA_JAR + ") does not exist: " + BUILD_HINT);
            }
            return jar;
        }
        List<Path> targets = List.of(workingDir.resolve("../functions/target").normalize(), workingDir.resolve("functions/target"));
        for (Path target : targets) {
            List<Path> jars = lambdaJarsIn(target);
            if (jars.size() == 1) {
                return jars.get(0);
            }
            if (jars.size() > 1) {
                throw new MissingLambdaJar("several Lambda jars in " + target + " " + jars.stream().map(Path::getFileName).toList()
                        + ": run ./mvnw -q -pl functions clean package -DskipTests, or choose one with -c " + DeploymentSettings.LAMBDA_JAR + "=PATH");
            }
        }
        throw new MissingLambdaJar("No Lambda jar (tidemark-functions-*-lambda.jar) in " + targets.get(0) + ": " + BUILD_HINT);
    }

    private static List<Path> lambdaJarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("tidemark-functions-") && name.endsWith("-lambda.jar") && Files.isRegularFile(f);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

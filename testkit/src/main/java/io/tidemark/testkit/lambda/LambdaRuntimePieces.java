package io.tidemark.testkit.lambda;

import io.tidemark.testkit.emulators.RepositoryRoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * AWS Lambda's own runtime pieces as {@code localstack/lambda-runtime/install} leaves them: the
 * Runtime Interface Emulator binary and the Java Runtime Interface Client's jars (with
 * aws-lambda-java-core and -serialization, as the managed runtime provides them). {@link #install()}
 * runs the script (idempotent: a second run only checks) and fails with its one-line reason.
 *
 * @param emulator       the {@code aws-lambda-rie} binary
 * @param clientJars     the directory of the Runtime Interface Client's jars
 */
public record LambdaRuntimePieces(Path emulator, Path clientJars) {

    /** The class the managed Java runtime starts: it polls the runtime API and calls the handler. */
    public static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    public static LambdaRuntimePieces install() {
        Path script = RepositoryRoot.find().resolve("localstack/lambda-runtime/install");
        try {
            Path log = Files.createTempFile("lambda-runtime-install", ".log");
            Process p = new ProcessBuilder(script.toString()).redirectError(log.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within 10 minutes: see " + log);
            }
            if (p.exitValue() != 0) {
                String err = Files.readString(log, StandardCharsets.UTF_8).trim();
                throw new IllegalStateException(err.isEmpty() ? script + " failed (exit " + p.exitValue() + ")" : err.lines().reduce((a, b) -> b).orElse(err));
            }
            Files.deleteIfExists(log);
            Path cache = Path.of(out.lines().reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(script + " printed no directory")));
            LambdaRuntimePieces pieces = new LambdaRuntimePieces(cache.resolve("bin/aws-lambda-rie"), cache.resolve("ric"));
            if (!Files.isExecutable(pieces.emulator())) {
                throw new IllegalStateException("no executable " + pieces.emulator() + " after " + script + ": run it by hand to see why");
            }
            return pieces;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the Lambda runtime pieces", e);
        }
    }

    /**
     * The JVM's class path under the managed runtime: the runtime client's jars only. The client loads the function itself from
     * the task root, the deployment package unpacked (its classes, then {@code lib/*.jar}).
     */
    public String runtimeClassPath() {
        return clientJars.toAbsolutePath().resolve("*").toString();
    }
}

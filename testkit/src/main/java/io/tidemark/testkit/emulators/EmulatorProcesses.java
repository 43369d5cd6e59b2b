package io.tidemark.testkit.emulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Docker-free emulator stack (kinesis-mock, moto serving DynamoDB one request at a time, moto for SNS/SQS/S3) started through the
 * project's {@code localstack/emulators/start} and stopped through its {@code stop}: on
 * {@link #close()}, on JVM exit (a shutdown hook) and, through the start script's watchdog, when
 * this JVM is killed. What {@link EmulatorStack} runs for tests and the benchmark suite runs for
 * its latency and cold-start measurements; it has no JUnit types so that both can use it.
 */
public final class EmulatorProcesses implements AutoCloseable {

    private final Endpoints endpoints;
    private final Path script;
    private final Path stateDir;
    private final Thread shutdownHook;

    private EmulatorProcesses(Endpoints endpoints, Path script, Path stateDir) {
        this.endpoints = endpoints;
        this.script = script;
        this.stateDir = stateDir;
        this.shutdownHook = new Thread(this::stop, "emulator-stack-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the stack (logs, pids and endpoints under {@code stateDir}) and waits until every emulator answers. */
    public static EmulatorProcesses start(Path stateDir) {
        Path emulators = RepositoryRoot.find().resolve("localstack/emulators");
        Path dir = stateDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path startLog = dir.resolve("start.log");
            Process process = new ProcessBuilder(List.of(emulators.resolve("start").toString(),
                    "--state-dir", dir.toString(), "--watch-pid", Long.toString(ProcessHandle.current().pid())))
                    .redirectError(startLog.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the emulator stack did not start within 5 minutes: see " + startLog);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(lastLine(startLog) + " (full log: " + startLog + ")");
            }
            Map<String, String> env = new LinkedHashMap<>();
            out.lines().filter(l -> l.startsWith("AWS_ENDPOINT_URL_")).forEach(l -> {
                int eq = l.indexOf('=');
                env.put(l.substring(0, eq), l.substring(eq + 1).trim());
            });
            return new EmulatorProcesses(Endpoints.parse(env), emulators.resolve("stop"), dir);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + emulators.resolve("start") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the emulator stack", e);
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Where the emulators' logs are. */
    public Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    private synchronized void stop() {
        try {
            Process stop = new ProcessBuilder(script.toString(), "--state-dir", stateDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(stateDir.resolve("stop.log").toFile())
                    .start();
            stop.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("could not stop the emulator stack: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).trim();
            }
        }
        return "the emulator start script failed";
    }
}

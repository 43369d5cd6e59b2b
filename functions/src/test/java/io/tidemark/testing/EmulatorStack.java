package io.tidemark.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JUnit 5 extension: the Docker-free emulator stack (kinesis-mock, DynamoDB Local, moto) for a
 * test class, started once per test run through {@code localstack/emulators/start} and stopped
 * when the run ends — on success, failure, Ctrl-C (shutdown hook) or a killed JVM (the start
 * script's watchdog follows this JVM's pid). Logs go to {@code target/emulators/}.
 * <pre>{@code
 * @ExtendWith(EmulatorStack.class)
 * class KinesisRoundTripTest {
 *     @Test void roundTrip(Endpoints endpoints) { KinesisClient k = endpoints.clients().kinesis(); … }
 * }
 * }</pre>
 * A missing Node.js, Python or JDK fails the test with the script's one-line reason: they are
 * prerequisites, not optional extras like Docker.
 */
public final class EmulatorStack implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorStack.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Endpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context).endpoints;
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    /** The started stack; closed by JUnit when the whole test run ends. */
    static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Endpoints endpoints;
        private final Path script;
        private final Path stateDir;
        private final Thread shutdownHook;

        private Running(Endpoints endpoints, Path script, Path stateDir) {
            this.endpoints = endpoints;
            this.script = script;
            this.stateDir = stateDir;
            this.shutdownHook = new Thread(this::stop, "emulator-stack-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        static Running start() {
            Path root = RepositoryRoot.find();
            Path emulators = root.resolve("localstack/emulators");
            Path stateDir = Path.of("target", "emulators").toAbsolutePath();
            try {
                Files.createDirectories(stateDir);
                Path startLog = stateDir.resolve("start.log");
                Process process = new ProcessBuilder(List.of(emulators.resolve("start").toString(),
                        "--state-dir", stateDir.toString(), "--watch-pid", Long.toString(ProcessHandle.current().pid())))
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
                return new Running(Endpoints.parse(env), emulators.resolve("stop"), stateDir);
            } catch (IOException e) {
                throw new IllegalStateException("could not run " + emulators.resolve("start") + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the emulator stack", e);
            }
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
}

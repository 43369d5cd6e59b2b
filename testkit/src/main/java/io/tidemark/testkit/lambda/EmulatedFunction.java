package io.tidemark.testkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function under AWS Lambda's real runtime, without Docker: the Runtime Interface Emulator
 * ({@code aws-lambda-rie}) serving the Lambda runtime API on a free loopback port, and in it the Java
 * Runtime Interface Client running the handler from the deployment jar unpacked as Lambda unpacks it into its
 * task root — the same client, class loading, event deserialization and handler lookup as the managed
 * {@code java21} runtime. The emulator starts the
 * JVM on the first invocation (a cold start) and reports it as Lambda does: {@code INIT REPORT} with
 * the init duration, then each invocation's duration; {@link Invocation} carries both.
 * <pre>{@code
 * try (EmulatedFunction f = EmulatedFunction.builder(LambdaRuntimePieces.install(), jar, "pkg.Handler::handleRequest")
 *         .environment(Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynamo)).start()) {
 *     String response = f.invoke(eventJson).response();
 * }
 * }</pre>
 * {@link #close()} stops the emulator and the JVM it started (also at JVM exit, by a shutdown hook).
 */
public final class EmulatedFunction implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INIT_REPORT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    private static final Pattern INIT_START = Pattern.compile("INIT START\\(type: [^,]+, phase: (\\w+)\\)");
    private static final Pattern INVOKE_DONE = Pattern.compile("INVOKE RTDONE\\(status: (\\w+), produced bytes: \\d+, duration: ([0-9.]+)ms\\)");

    /** One invocation: the function's response and its duration; the init duration on the invocation that started the JVM. */
    public record Invocation(String response, double durationMs, Double initMs) {

        public JsonNode json() {
            try {
                return JSON.readTree(response);
            } catch (IOException e) {
                throw new IllegalStateException("the function's response is not JSON: " + response, e);
            }
        }
    }

    private final Process emulator;
    private final URI invocations;
    private final Path log;
    private final String handler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook;
    private int invocationsDone;
    private int logLinesRead;
    private boolean initReported;

    private EmulatedFunction(Process emulator, URI invocations, Path log, String handler) {
        this.emulator = emulator;
        this.invocations = invocations;
        this.log = log;
        this.handler = handler;
        this.shutdownHook = new Thread(this::stop, "emulated-function-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder(LambdaRuntimePieces pieces, Path jar, String handler) {
        return new Builder(pieces, jar, handler);
    }

    /** The emulator's output: its own log lines and everything the function printed. */
    public Path log() {
        return log;
    }

    /**
     * Invokes the function with an event (JSON, as its trigger sends it) and waits for the
     * emulator's report of it.
     *
     * @throws IllegalStateException if the function failed (an error response), naming its error and the log
     */
    public Invocation invoke(String event) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(invocations).timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("invoking " + handler + " at " + invocations + " failed: " + e.getMessage() + " (log: " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + handler, e);
        }
        invocationsDone++;
        Report report = awaitReport();
        String body = response.body();
        if (!"success".equals(report.status) || isErrorResponse(body)) {
            throw new IllegalStateException(handler + " failed under the Lambda runtime (" + report.status + "): " + body + " — see " + log);
        }
        return new Invocation(body, report.durationMs, report.initMs);
    }

    private static boolean isErrorResponse(String body) {
        try {
            JsonNode j = JSON.readTree(body);
            return j != null && j.isObject() && j.has("errorType") && j.has("errorMessage") && j.size() <= 3;
        } catch (IOException e) {
            return false;
        }
    }

    private record Report(String status, double durationMs, Double initMs) {
    }

    /** Reads the log up to this invocation's {@code INVOKE RTDONE} line (the emulator writes it right after the response). */
    private Report awaitReport() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Double init = null;
        String initPhase = null;
        while (true) {
            List<String> lines = readLog();
            for (int i = logLinesRead; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m;
                if ((m = INIT_START.matcher(line)).find()) {
                    initPhase = m.group(1);
                } else if ((m = INIT_REPORT.matcher(line)).find() && "init".equals(initPhase) && !initReported) {
                    init = Double.parseDouble(m.group(1));
                    initReported = true;
                } else if ((m = INVOKE_DONE.matcher(line)).find()) {
                    logLinesRead = i + 1;
                    return new Report(m.group(1), Double.parseDouble(m.group(2)), init);
                }
            }
            if (System.nanoTime() > deadline) {
                return new Report("unreported", Double.NaN, init);
            }
            if (!emulator.isAlive()) {
                throw new IllegalStateException("the Lambda runtime emulator exited (" + emulator.exitValue() + "): see " + log);
            }
            sleep(10);
        }
    }

    private List<String> readLog() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or ran: nothing left to do
        }
    }

    private synchronized void stop() {
        List<ProcessHandle> all = emulator.descendants().toList();
        emulator.destroy(); // the emulator ends the runtime it started
        try {
            emulator.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        emulator.destroyForcibly();
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** How to start a function; {@link #start()} returns once the emulator accepts invocations. */
    public static final class Builder {
        private final LambdaRuntimePieces pieces;
        private final Path jar;
        private final String handler;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmFlags = new ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Xmx512m"));
        private final List<Path> moreClassPath = new ArrayList<>();
        private Integer cpu;
        private Path log;

        private Builder(LambdaRuntimePieces pieces, Path jar, String handler) {
            this.pieces = Objects.requireNonNull(pieces, "pieces");
            this.jar = Objects.requireNonNull(jar, "jar");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Variables of the function's environment (the emulator passes its own environment to the function). */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /**
         * The function's JVM flags; by default those of the managed runtime for a short function (C1 only,
         * Serial GC, class-data sharing) and a 512 MB heap.
         */
        public Builder jvmFlags(List<String> flags) {
            jvmFlags.clear();
            jvmFlags.addAll(flags);
            return this;
        }

        /**
         * Classes to run against the jar without being in it (a directory's classes join the task root's, a jar goes into its
         * {@code lib/}, where the runtime client looks for a function's libraries).
         */
        public Builder alsoOnClassPath(Path entry) {
            moreClassPath.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /** Runs the emulator and the function on this CPU only ({@code taskset -c}), for timings that other work on the machine disturbs less. */
        public Builder pinnedToCpu(int cpu) {
            this.cpu = cpu;
            return this;
        }

        /** Where the emulator's output goes (default: a temporary file). */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        public EmulatedFunction start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no deployment jar at " + jar + ": build it with ./mvnw -B -ntp -pl functions -am package -DskipTests");
            }
            try {
                Path out = log != null ? log : Files.createTempFile("emulated-function", ".log");
                Files.createDirectories(out.toAbsolutePath().getParent());
                int port = freePort();
                List<String> command = new ArrayList<>();
                if (cpu != null) {
                    command.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
                }
                // The runtime API gets a free port too: the emulator's default, 127.0.0.1:9001, lets only one function run per machine.
                command.addAll(List.of(pieces.emulator().toString(), "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                        "--runtime-api-address", "127.0.0.1:" + freePort(),
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(jvmFlags);
                // As on Lambda: the runtime client alone on the class path; it loads the function from the task root (its working directory).
                Path taskRoot = TaskRoot.of(jar, moreClassPath);
                command.addAll(List.of("-cp", pieces.runtimeClassPath(), LambdaRuntimePieces.RUNTIME_CLIENT_MAIN, handler));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).directory(taskRoot.toFile());
                Map<String, String> env = pb.environment();
                env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TIDEMARK_") || k.startsWith("JAVA_TOOL_OPTIONS")
                        || k.startsWith("_JAVA_OPTIONS") || k.startsWith("POWERTOOLS_"));
                env.put("AWS_REGION", "us-east-1");
                env.put("AWS_DEFAULT_REGION", "us-east-1");
                // The emulators accept any keys; Lambda gives the function its role's session credentials this way.
                env.put("AWS_ACCESS_KEY_ID", "tidemarklocal");
                env.put("AWS_SECRET_ACCESS_KEY", "tidemarklocal");
                env.put("AWS_SESSION_TOKEN", "tidemarklocal");
                env.put("AWS_LAMBDA_FUNCTION_NAME", handler.replaceAll(".*\\.([A-Za-z]+)::.*", "$1"));
                env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
                env.putAll(environment);
                EmulatedFunction function = new EmulatedFunction(pb.start(), URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations"),
                        out, handler);
                function.awaitListening(port);
                return function;
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + pieces.emulator() + ": " + e.getMessage(), e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!emulator.isAlive()) {
                throw new IllegalStateException("the Lambda runtime emulator exited at start (" + emulator.exitValue() + "): see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        close();
        throw new IllegalStateException("the Lambda runtime emulator did not listen on 127.0.0.1:" + port + " within 30 s: see " + log);
    }
}

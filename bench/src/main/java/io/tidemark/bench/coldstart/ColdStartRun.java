package io.tidemark.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.testkit.lambda.EmulatedFunction;
import io.tidemark.testkit.lambda.LambdaRuntimePieces;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Cold start under AWS Lambda's real runtime: each run starts the Kinesis handler from a Lambda jar
 * in a fresh JVM under the Runtime Interface Emulator and the Java Runtime Interface Client, both
 * pinned to one CPU, configured like the function (table prefix, DynamoDB endpoint, the stack's
 * {@code JAVA_TOOL_OPTIONS}), against the
 * emulator stack's DynamoDB, with fresh tables. The emulator reports what Lambda reports: the init
 * duration (JVM start to the handler waiting for its first event: the runtime client, the handler's
 * class loading and constructor) and each invocation's duration. A first batch, then the largest
 * batch the event source mapping can deliver (6 MB of event, at most 10 000 records) for the heap,
 * read from the JVM's GC log.
 */
public final class ColdStartRun {

    static final String MAX_HEAP = "128m";
    /**
     * The managed java21 runtime's flags for a function (C1 only, Serial GC, class-data sharing), a heap
     * capped as in a 256 MB function, and the GC log the heap figures come from.
     */
    public static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "-Xmx" + MAX_HEAP, "-Xlog:gc:stdout");
    /** The CPU every run is pinned to ({@code taskset -c}). */
    public static final int CPU = 0;
    public static final String HANDLER = "io.tidemark.handlers.KinesisHandler::handleRequest";

    private static final Pattern GC = Pattern.compile("\\[gc\\s*\\] GC\\(\\d+\\) .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** A Lambda jar measured: which build, its size and entries. */
    public record Build(String name, String source, Path jar, long bytes, int entries) {

        public static Build of(String name, String source, Path jar) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                return new Build(name, source, jar, Files.size(jar), zip.size());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the Lambda jar " + jar + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * One fresh start: init and first-batch durations (ms) as the emulator reported them, the
     * heap batch's duration, and the largest heap a collection found (MiB, from the GC log).
     */
    public record Sample(String build, String mode, double initMs, double firstBatchMs, double heapBatchMs, double heapBeforeGcMiB,
                         double heapAfterLastGcMiB, double wallMs) {

        /** JVM start to the first batch handled: what the first batch's sender waits for on a cold start. */
        public double startToFirstBatchMs() {
            return initMs + firstBatchMs;
        }
    }

    private final DynamoDbClient dynamo;
    private final URI dynamoEndpoint;
    private final LambdaRuntimePieces runtime;
    private final String firstEvent;
    private final String heapEvent;
    private final Path logDir;
    private int runs;

    public ColdStartRun(DynamoDbClient dynamo, URI dynamoEndpoint, LambdaRuntimePieces runtime, String firstEvent, String heapEvent, Path logDir) {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.runtime = runtime;
        this.firstEvent = firstEvent;
        this.heapEvent = heapEvent;
        this.logDir = logDir;
    }

    /** The Lambda deployment jar of a build ({@code functions/target/*-lambda.jar}). */
    public static Path lambdaJar(Path repository) {
        Path target = repository.resolve("functions/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst().orElseThrow(() ->
                    new IllegalStateException("no Lambda jar in " + target + ": build it with ./mvnw -pl bench -am package -DskipTests"));
        } catch (IOException e) {
            throw new IllegalStateException("no Lambda jar in " + target + " (" + e.getMessage() + "): build it with ./mvnw -pl bench -am package -DskipTests");
        }
    }

    /**
     * One fresh start of {@code build}'s Kinesis handler. {@code primed}: the container is initialized
     * ahead of traffic ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}), so the handler
     * primes during init, as SnapStart's checkpoint hook does before the snapshot; its first batch is
     * what a restored SnapStart container pays, the restore itself aside.
     */
    public Sample measure(Build build, boolean primed) throws IOException {
        String mode = primed ? "primed" : "cold";
        String prefix = "cold" + (++runs) + "-" + build.name() + "-" + mode + "-" + ProcessHandle.current().pid();
        TableNames tables = StateTables.createAll(dynamo, prefix);
        try {
            Files.createDirectories(logDir);
            Map<String, String> env = functionEnvironment(prefix, dynamoEndpoint, primed);
            long started = System.nanoTime();
            try (EmulatedFunction f = EmulatedFunction.builder(runtime, build.jar(), HANDLER).environment(env).jvmFlags(JVM_FLAGS)
                    .pinnedToCpu(CPU).log(logDir.resolve(prefix + ".log")).start()) {
                EmulatedFunction.Invocation first = f.invoke(firstEvent);
                check(first, f);
                EmulatedFunction.Invocation heap = f.invoke(heapEvent);
                check(heap, f);
                double wall = (System.nanoTime() - started) / 1e6;
                double[] gc = heapFromGcLog(f.log());
                return new Sample(build.name(), mode, first.initMs(), first.durationMs(), heap.durationMs(), gc[0], gc[1], wall);
            }
        } finally {
            StateTables.deleteAll(dynamo, tables);
        }
    }

    /**
     * The function's environment for tables of {@code prefix}: the pipeline's settings, the DynamoDB endpoint, the initialization
     * type and the stack's {@code JAVA_TOOL_OPTIONS}; the floor's handlers get the same.
     */
    public static Map<String, String> functionEnvironment(String prefix, URI dynamoEndpoint, boolean primed) {
        Map<String, String> env = new java.util.LinkedHashMap<>(PipelineConfig.defaults().withTablePrefix(prefix).toEnvironment());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", primed ? "provisioned-concurrency" : "on-demand");
        env.put(FunctionEnvironment.JAVA_TOOL_OPTIONS, FunctionEnvironment.JVM_OPTIONS);
        return env;
    }

    /** Fails unless the invocation answered with an empty {@code batchItemFailures} (the floor's handlers answer alike). */
    static void check(EmulatedFunction.Invocation r, EmulatedFunction f) {
        JsonNode failures = r.json().get("batchItemFailures");
        if (failures == null || !failures.isEmpty()) {
            throw new IllegalStateException("the handler failed the batch: " + r.response() + " (log: " + f.log() + ")");
        }
    }

    /** The largest heap a collection started from, and the heap the last one left (MiB). */
    static double[] heapFromGcLog(Path log) throws IOException {
        double largest = 0;
        double last = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                largest = Math.max(largest, Double.parseDouble(m.group(1)));
                last = Double.parseDouble(m.group(2));
            }
        }
        return new double[] {largest, last};
    }
}

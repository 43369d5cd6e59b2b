package io.tidemark.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold start, measured in fresh JVMs ({@link ColdStartProbe}) against moto's DynamoDB of the emulator stack:
 * JVM start to the first batch handled (class loading, SDK client, the first DynamoDB calls), with
 * and without the priming SnapStart would snapshot, and the heap after a 10 000-record batch, in a
 * JVM limited to {@value #MAX_HEAP} of heap. Each run gets fresh tables.
 */
public final class ColdStartRun {

    static final String MAX_HEAP = "128m";
    /** Flags AWS recommends for short Java functions (C1 only); Serial GC is what a small function gets. */
    public static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx" + MAX_HEAP, "-Xshare:auto");

    /** One child JVM's phases (ms) and heap (bytes). */
    public record Sample(String mode, double jvmToMainMs, double initMs, double primingMs, double firstBatchMs, long heapAfterBatch,
                         long heapRetained, long heapPeak, double wallMs) {

        /** JVM start to the first batch handled, priming excluded (SnapStart would have done it before the snapshot). */
        public double startToFirstBatchMs() {
            return jvmToMainMs + initMs + firstBatchMs;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo;
    private final URI dynamoEndpoint;
    private final Path lambdaJar;
    private final Path probeClasses;
    private final Path input;
    private final Path logDir;
    private int runs;

    public ColdStartRun(DynamoDbClient dynamo, URI dynamoEndpoint, Path lambdaJar, Path probeClasses, Path input, Path logDir) {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.lambdaJar = lambdaJar;
        this.probeClasses = probeClasses;
        this.input = input;
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

    public Sample measure(String mode, int firstBatch, int heapBatch) throws IOException, InterruptedException {
        String prefix = "cold" + (++runs) + "-" + mode + "-" + ProcessHandle.current().pid();
        TableNames tables = StateTables.createAll(dynamo, prefix);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(prefix + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_FLAGS);
            command.addAll(List.of("-cp", lambdaJar + java.io.File.pathSeparator + probeClasses, ColdStartProbe.class.getName(), mode,
                    input.toString(), Integer.toString(firstBatch), Integer.toString(heapBatch)));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TIDEMARK_") || k.startsWith("JAVA_TOOL_OPTIONS"));
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("TIDEMARK_TABLE_PREFIX", prefix);
            env.put("POWERTOOLS_METRICS_NAMESPACE", "TidemarkBench");
            long started = System.nanoTime();
            Process child = pb.start();
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                throw new IllegalStateException("the cold-start probe did not finish within 2 minutes: see " + log);
            }
            double wall = (System.nanoTime() - started) / 1e6;
            String line = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(ColdStartProbe.MARKER)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the cold-start probe printed no result (exit " + child.exitValue() + "): see " + log));
            JsonNode j = JSON.readTree(line.substring(ColdStartProbe.MARKER.length()));
            return new Sample(mode, j.get("jvm_to_main_ms").asDouble(), j.get("init_ms").asDouble(), j.get("priming_ms").asDouble(),
                    j.get("first_batch_ms").asDouble(), j.get("heap_used_after_batch_bytes").asLong(), j.get("heap_retained_bytes").asLong(),
                    j.get("heap_peak_bytes").asLong(), wall);
        } finally {
            StateTables.deleteAll(dynamo, tables);
        }
    }
}

package io.tidemark.bench.coldstart;

import io.tidemark.bench.coldstart.floor.RuntimeOnlyHandler;
import io.tidemark.bench.coldstart.floor.SdkOnlyHandler;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.testkit.lambda.EmulatedFunction;
import io.tidemark.testkit.lambda.LambdaRuntimePieces;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The cold start's floor: what a handler that does no Tidemark work pays from JVM start to its first
 * invocation done, under the same runtime as {@link ColdStartRun} — same Lambda jar on the class path,
 * JVM flags, environment, CPU and first event, fresh tables each run. The floor's handlers run from a
 * directory of their own class files after the Lambda jar, so the deployment jar stays as it is.
 */
public final class FloorRun {

    /** A handler of the floor. */
    public enum Handler {
        /** Nothing but the Lambda runtime client. */
        RUNTIME_ONLY(RuntimeOnlyHandler.class),
        /** The runtime client, the DynamoDB client built as the function builds it, and the first batch's four kinds of call. */
        SDK_ONLY(SdkOnlyHandler.class);

        private final Class<?> type;

        Handler(Class<?> type) {
            this.type = type;
        }

        public String handler() {
            return type.getName() + "::handleRequest";
        }
    }

    /** One fresh start: init and the first invocation (ms) as the emulator reported them. */
    public record Sample(Handler handler, double initMs, double firstInvocationMs, double wallMs) {

        /** JVM start to the first invocation done. */
        public double startToFirstInvocationMs() {
            return initMs + firstInvocationMs;
        }
    }

    private final DynamoDbClient dynamo;
    private final URI dynamoEndpoint;
    private final LambdaRuntimePieces runtime;
    private final Path lambdaJar;
    private final String firstEvent;
    private final Path logDir;
    private final Path classes;
    private int runs;

    public FloorRun(DynamoDbClient dynamo, URI dynamoEndpoint, LambdaRuntimePieces runtime, Path lambdaJar, String firstEvent, Path logDir)
            throws IOException {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.runtime = runtime;
        this.lambdaJar = lambdaJar;
        this.firstEvent = firstEvent;
        this.logDir = logDir;
        this.classes = copyClasses(logDir.resolve("floor-classes"));
    }

    /** Copies the floor's class files (and nothing else of this module) into {@code dir}, as a class path entry. */
    static Path copyClasses(Path dir) throws IOException {
        for (Handler h : Handler.values()) {
            Class<?> c = h.type;
            String file = c.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = c.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("no class file " + file + " on the bench's class path: build it with ./mvnw -pl bench -am package -DskipTests");
                }
                Files.write(target, in.readAllBytes());
            }
        }
        return dir;
    }

    /** One fresh start of a floor handler and its first invocation with the cold start's first event. */
    public Sample measure(Handler handler) throws IOException {
        String prefix = "floor" + (++runs) + "-" + handler.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + ProcessHandle.current().pid();
        TableNames tables = StateTables.createAll(dynamo, prefix);
        try {
            Files.createDirectories(logDir);
            Map<String, String> env = ColdStartRun.functionEnvironment(prefix, dynamoEndpoint, false);
            env.put(SdkOnlyHandler.TABLE_VARIABLE, tables.of(Table.STATE));
            long started = System.nanoTime();
            try (EmulatedFunction f = EmulatedFunction.builder(runtime, lambdaJar, handler.handler()).alsoOnClassPath(classes).environment(env)
                    .jvmFlags(ColdStartRun.JVM_FLAGS).pinnedToCpu(ColdStartRun.CPU).log(logDir.resolve(prefix + ".log")).start()) {
                EmulatedFunction.Invocation first = f.invoke(firstEvent);
                ColdStartRun.check(first, f);
                return new Sample(handler, first.initMs(), first.durationMs(), (System.nanoTime() - started) / 1e6);
            }
        } finally {
            StateTables.deleteAll(dynamo, tables);
        }
    }
}

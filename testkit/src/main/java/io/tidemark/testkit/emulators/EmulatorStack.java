package io.tidemark.testkit.emulators;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * JUnit 5 extension: the Docker-free emulator stack (kinesis-mock, moto serving DynamoDB one request at a time, moto for SNS/SQS/S3) for a
 * test class, started once per test run through {@code localstack/emulators/start} and stopped
 * when the run ends — on success, failure, Ctrl-C (shutdown hook) or a killed JVM (the start
 * script's watchdog follows this JVM's pid). Logs go to {@code target/emulators/}.
 * <pre>{@code
 * @ExtendWith(EmulatorStack.class)
 * class KinesisRoundTripTest {
 *     @Test void roundTrip(Endpoints endpoints) { KinesisClient k = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis(); … }
 * }
 * }</pre>
 * A missing Node.js or Python fails the test with the script's one-line reason: they are
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
        private final EmulatorProcesses processes;

        private Running(EmulatorProcesses processes) {
            this.processes = processes;
            this.endpoints = processes.endpoints();
        }

        static Running start() {
            return new Running(EmulatorProcesses.start(Path.of("target", "emulators")));
        }

        @Override
        public void close() {
            processes.close();
        }
    }
}

package io.tidemark.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.aws.AwsClients;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.PipelineMetrics;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.events.PartitionKeys;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import io.tidemark.testkit.lambda.EmulatedFunction;
import io.tidemark.testkit.lambda.LambdaRuntimePieces;
import io.tidemark.testkit.lambda.TriggerEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handlers' log lines as Lambda's runtime prints them: the Kinesis handler from the deployment jar under AWS's
 * Runtime Interface Emulator and the Java runtime client, which give each invocation a request id of their own (the
 * emulator prints it in its {@code START RequestId: …} line). Every log line the function printed between an
 * invocation's {@code START} and {@code END} is read as JSON and must carry that request id, the cold-start flag
 * (true on the invocation that started the JVM only), the function's name and version and the service; the level
 * comes from the function's environment; a failure's line holds its stack trace.
 */
@ExtendWith(EmulatorStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandlerLogLinesUnderLambdaRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern START = Pattern.compile("START RequestId: (\\S+)");
    private static final Pattern END = Pattern.compile("END RequestId: (\\S+)");
    private static final String SHARD = "shardId-000000000000";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private LambdaRuntimePieces runtime;
    private Path jar;
    private DynamoDbClient dynamo;
    private TableNames tables;
    private Map<String, String> environment;

    /** The function's output during one invocation: its request id and the JSON lines it printed. */
    private record InvocationLog(String requestId, List<JsonNode> lines) {
    }

    @BeforeAll
    void setUp(Endpoints endpoints) {
        runtime = LambdaRuntimePieces.install();
        jar = Path.of(System.getProperty("tidemark.lambdaJar", "target/tidemark-functions-0.1.0-SNAPSHOT-lambda.jar"));
        dynamo = AwsClients.forEndpoints(endpoints.asEnvironment()).dynamoDb();
        String prefix = "log" + suffix;
        tables = StateTables.createAll(dynamo, prefix);
        environment = new LinkedHashMap<>(PipelineConfig.defaults().withTablePrefix(prefix).toEnvironment());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDb().toString());
        environment.put(FunctionEnvironment.POWERTOOLS_SERVICE_NAME, FunctionEnvironment.SERVICE);
    }

    @AfterAll
    void tearDown() {
        if (dynamo != null) {
            StateTables.deleteAll(dynamo, tables);
            dynamo.close();
        }
    }

    @Test
    void everyLineOfAnInvocationCarriesItsRequestIdAndOnlyTheFirstIsAColdStart() throws IOException {
        Path log = Path.of("target", "lambda-runtime", "log-lines-" + suffix + ".log");
        try (EmulatedFunction kinesis = function(environment, log)) {
            kinesis.invoke(TriggerEvents.kinesis("events", records(1, 20)));
            kinesis.invoke(TriggerEvents.kinesis("events", records(21, 20)));
        }
        List<InvocationLog> invocations = invocations(log);
        assertThat(invocations).hasSize(2);
        assertThat(invocations.get(0).requestId()).isNotEqualTo(invocations.get(1).requestId());
        for (int i = 0; i < 2; i++) {
            InvocationLog invocation = invocations.get(i);
            assertThat(invocation.lines()).as("JSON lines of invocation %d", i + 1)
                    .anySatisfy(line -> assertThat(line.get("message").asText()).isEqualTo("batch committed"));
            for (JsonNode line : invocation.lines()) {
                assertThat(line.path("function_request_id").asText()).as(line.toString()).isEqualTo(invocation.requestId());
                assertThat(line.path("cold_start").isBoolean()).as(line.toString()).isTrue();
                assertThat(line.get("cold_start").asBoolean()).as("cold start on invocation %d: %s", i + 1, line).isEqualTo(i == 0);
                assertThat(line.path("function_name").asText()).isEqualTo("KinesisHandler");
                assertThat(line.path("function_version").asText()).isEqualTo("$LATEST");
                assertThat(line.path("service").asText()).isEqualTo(FunctionEnvironment.SERVICE);
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                assertThat(line.path("timestamp").asText()).isNotEmpty();
            }
        }
        JsonNode committed = invocations.get(1).lines().stream().filter(l -> l.get("message").asText().equals("batch committed")).findFirst().orElseThrow();
        assertThat(committed.get("shard").asText()).isEqualTo(SHARD);
        assertThat(committed.get("firstSequenceNumber").asText()).isEqualTo(sequenceNumber(21));
        assertThat(committed.get("lastSequenceNumber").asText()).isEqualTo(sequenceNumber(40));
        assertThat(committed.get("step").asLong()).isPositive();

        // The business metrics beside them: EMF lines on the same standard output, one per committed batch.
        List<JsonNode> steps = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("{\"_aws\"")) {
                JsonNode emf = JSON.readTree(line);
                if (emf.has(PipelineMetrics.EVENTS_ACCEPTED)) {
                    steps.add(emf);
                }
            }
        }
        assertThat(steps).as("step lines in %s", log).hasSize(2).allSatisfy(step -> {
            assertThat(step.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(PipelineMetrics.NAMESPACE);
            assertThat(step.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Pipeline\"]]");
            assertThat(step.get(PipelineMetrics.PIPELINE_DIMENSION).asText()).isEqualTo("log" + suffix);
            assertThat(step.get(PipelineMetrics.EVENTS_ACCEPTED).asLong()).isEqualTo(20);
            assertThat(step.get(PipelineMetrics.REVENUE).asText()).isEqualTo("0");
        });
    }

    @Test
    void theLevelComesFromTheEnvironmentAndAFailureIsLoggedWithItsStackTrace() throws IOException {
        Map<String, String> failing = new LinkedHashMap<>(environment);
        failing.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + closedPort()); // DynamoDB unreachable
        failing.put(LogSettings.POWERTOOLS_LOG_LEVEL, "WARN");
        Path log = Path.of("target", "lambda-runtime", "log-lines-failing-" + suffix + ".log");
        try (EmulatedFunction kinesis = function(failing, log)) {
            JsonNode response = kinesis.invoke(TriggerEvents.kinesis("events", records(1, 5))).json();
            assertThat(response.get("batchItemFailures")).as("the batch is reported for retry").hasSize(1);
        }
        List<InvocationLog> invocations = invocations(log);
        assertThat(invocations).hasSize(1);
        List<JsonNode> lines = invocations.get(0).lines();
        assertThat(lines).as("at WARN no INFO line is written").isNotEmpty()
                .allSatisfy(line -> assertThat(line.get("level").asText()).isIn("WARN", "ERROR"));
        JsonNode failure = lines.stream().filter(l -> l.get("level").asText().equals("ERROR")).findFirst().orElseThrow();
        assertThat(failure.get("function_request_id").asText()).isEqualTo(invocations.get(0).requestId());
        assertThat(failure.get("cold_start").asBoolean()).isTrue();
        assertThat(failure.get("shard").asText()).isEqualTo(SHARD);
        assertThat(failure.get("error").get("name").asText()).isNotEmpty();
        assertThat(failure.get("error").get("stack").asText()).contains("\tat io.tidemark.");
    }

    private EmulatedFunction function(Map<String, String> env, Path log) {
        return EmulatedFunction.builder(runtime, jar, "io.tidemark.handlers.KinesisHandler::handleRequest").environment(env).log(log).start();
    }

    /** Each invocation's request id (the emulator's START line) and the JSON lines printed before its END line. */
    private static List<InvocationLog> invocations(Path log) throws IOException {
        List<InvocationLog> out = new ArrayList<>();
        String requestId = null;
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m;
            if ((m = START.matcher(line)).find()) {
                requestId = m.group(1);
                lines = new ArrayList<>();
            } else if ((m = END.matcher(line)).find()) {
                assertThat(m.group(1)).isEqualTo(requestId);
                out.add(new InvocationLog(requestId, lines));
                requestId = null;
            } else if (requestId != null && line.startsWith("{")) {
                JsonNode json = JSON.readTree(line);
                if (!json.has("_aws")) { // not the business metrics' EMF lines, which are not log lines
                    lines.add(json);
                }
            }
        }
        return out;
    }

    private static List<TriggerEvents.KinesisRecord> records(int from, int count) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600);
        List<TriggerEvents.KinesisRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String user = "u" + (i % 7);
            byte[] data = ("{\"event_id\":\"" + UUID.nameUUIDFromBytes(("log" + i).getBytes(StandardCharsets.UTF_8))
                    + "\",\"type\":\"page_view\",\"user_id\":\"" + user + "\",\"timestamp\":\"" + start.plusSeconds(i) + "\",\"page\":\"/\"}")
                    .getBytes(StandardCharsets.UTF_8);
            out.add(new TriggerEvents.KinesisRecord(SHARD, sequenceNumber(i), PartitionKeys.of(data), data, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        }
        return out;
    }

    private static String sequenceNumber(int i) {
        return String.format("4959%052d", i);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

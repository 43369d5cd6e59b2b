package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The log lines' keys, levels and settings; the same lines under the real Lambda runtime: HandlerLogLinesUnderLambdaRuntimeIT. */
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private JsonLog log(Map<String, String> env) {
        return new JsonLog("KinesisHandler", new PrintStream(bytes, true, StandardCharsets.UTF_8), LogSettings.fromEnvironment(env), env,
                new AtomicBoolean(true));
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void linesInsideAnInvocationCarryItsRequestIdAndTheColdStartOfTheFirstOnlyUnderPowertoolsKeys() throws IOException {
        JsonLog log = log(Map.of("POWERTOOLS_SERVICE_NAME", "shop-analytics"));
        log.withInvocation(context("req-1"), () -> {
            log.info("batch committed", "shard", "shardId-000000000000", "step", 7L);
            return null;
        });
        log.withInvocation(context("req-2"), () -> {
            log.info("batch committed", "shard", "shardId-000000000000", "step", 8L);
            return null;
        });
        log.info("outside any invocation");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        JsonNode first = lines.get(0);
        assertThat(first.get("function_request_id").asText()).isEqualTo("req-1");
        assertThat(first.get("cold_start").asBoolean()).isTrue();
        assertThat(first.get("function_name").asText()).isEqualTo("tidemark-kinesis");
        assertThat(first.get("function_version").asText()).isEqualTo("7");
        assertThat(first.get("function_arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:tidemark-kinesis:live");
        assertThat(first.get("function_memory_size").asInt()).isEqualTo(1024);
        assertThat(first.get("service").asText()).isEqualTo("shop-analytics");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("message").asText()).isEqualTo("batch committed");
        assertThat(first.get("shard").asText()).isEqualTo("shardId-000000000000");
        assertThat(first.get("step").asLong()).isEqualTo(7L);
        assertThat(lines.get(1).get("function_request_id").asText()).isEqualTo("req-2");
        assertThat(lines.get(1).get("cold_start").asBoolean()).as("the second invocation of the environment").isFalse();
        assertThat(lines.get(2).has("function_request_id")).as("after the invocation: no request id").isFalse();
        assertThat(lines.get(2).has("cold_start")).isFalse();
    }

    @Test
    void provisionedConcurrencyIsNeverAColdStart() throws IOException {
        JsonLog log = log(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));
        log.withInvocation(context("req-1"), () -> {
            log.info("batch committed");
            return null;
        });
        assertThat(lines().get(0).get("cold_start").asBoolean()).isFalse();
    }

    @Test
    void anErrorCarriesItsClassMessageAndStackTraceWithTheCause() throws IOException {
        JsonLog log = log(Map.of());
        log.error("batch failed on DynamoDB", new IllegalStateException("table missing", new RuntimeException("root cause")), "shard", "s1");
        JsonNode error = lines().get(0).get("error");
        assertThat(lines().get(0).get("level").asText()).isEqualTo("ERROR");
        assertThat(error.get("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("message").asText()).isEqualTo("table missing");
        assertThat(error.get("stack").asText()).contains("at io.tidemark.handlers.JsonLogTest.anErrorCarriesItsClassMessageAndStackTraceWithTheCause")
                .contains("Caused by: java.lang.RuntimeException: root cause");
    }

    @Test
    void lambdasApplicationLogLevelWinsOverPowertoolsLevel() throws IOException {
        JsonLog log = log(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN", "POWERTOOLS_LOG_LEVEL", "DEBUG"));
        log.info("dropped");
        log.warn("kept");
        assertThat(lines()).extracting(l -> l.get("message").asText()).containsExactly("kept");
    }

    @Test
    void powertoolsLevelAppliesWithoutLambdasAndAnyCaseIsAccepted() throws IOException {
        JsonLog log = log(Map.of("POWERTOOLS_LOG_LEVEL", "error"));
        log.warn("dropped");
        log.error("kept", null);
        assertThat(lines()).extracting(l -> l.get("message").asText()).containsExactly("kept");
    }

    @Test
    void aLevelThatNamesNothingIsReportedNamingTheVariableAndInfoIsUsed() throws IOException {
        JsonLog log = log(Map.of("POWERTOOLS_LOG_LEVEL", "verbose"));
        log.info("still written at INFO");
        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(0).get("message").asText()).contains("POWERTOOLS_LOG_LEVEL=verbose").contains("INFO").contains("WARN");
        assertThat(lines.get(1).get("message").asText()).isEqualTo("still written at INFO");
    }

    @Test
    void withoutAContextTheWorkRunsAndNoInvocationKeysAreWritten() throws IOException {
        JsonLog log = log(Map.of());
        String result = log.withInvocation(null, () -> {
            log.info("local runner");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(lines().get(0).has("function_request_id")).isFalse();
        assertThat(lines().get(0).get("service").asText()).isEqualTo("tidemark");
    }

    @Test
    void fieldValuesAreWrittenAsADatabindMapperWritesThemEscapedNestedExact() throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ticked", List.of("shardId-0", "shardId-1"));
        report.put("failed", List.of());
        report.put("writeUnits", 0.125);
        report.put("nothing", null);
        Object[] fields = {"quote", "say \"hi\"\\ \u00e9\u2028\t\u0001", "count", 7, "big", 12_345_678_901L, "ratio", 1.0E-4, "single", 2.5f,
                "ok", true, "absent", null, "money", new BigDecimal("0.30"), "huge", new BigInteger("123456789012345678901234567890"),
                "report", report, "parents", Map.of("shardId-0", 3L), "keys", new String[] {"a", "b"}};
        JsonLog log = log(Map.of());
        log.info("fields", fields);

        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            expected.put((String) fields[i], fields[i + 1]);
        }
        String written = bytes.toString(StandardCharsets.UTF_8).trim();
        String reference = JSON.writeValueAsString(expected);
        assertThat(written).as("the line's own fields follow handler, in order, as databind writes them")
                .endsWith("\"handler\":\"KinesisHandler\"," + reference.substring(1));
        assertThat(written).contains("\"money\":0.30,");
    }

    @Test
    void anInstantIsItsIsoTextAndAnEnumItsName() throws IOException {
        JsonLog log = log(Map.of());
        log.info("types", "at", Instant.parse("2026-12-05T12:00:00.123Z"), "threshold", LogLevel.WARN);
        JsonNode line = lines().get(0);
        assertThat(line.get("at").asText()).isEqualTo("2026-12-05T12:00:00.123Z");
        assertThat(line.get("threshold").asText()).isEqualTo("WARN");
    }

    private static Context context(String requestId) {
        return new Context() {
            public String getAwsRequestId() {
                return requestId;
            }

            public String getLogGroupName() {
                return "/aws/lambda/tidemark-kinesis";
            }

            public String getLogStreamName() {
                return "2026/12/05/[7]abc";
            }

            public String getFunctionName() {
                return "tidemark-kinesis";
            }

            public String getFunctionVersion() {
                return "7";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:123456789012:function:tidemark-kinesis:live";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return 60_000;
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}

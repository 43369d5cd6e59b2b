package io.tidemark.handlers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.window.TimeWindow;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StepMetricDeltas;
import io.tidemark.dynamodb.WriteMeter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The business metrics' EMF lines, parsed back: the lines the dashboard's metrics are extracted from. */
class EmfBusinessMetricsTest {

    /** Reads numbers as the decimals written, trailing zeros kept. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final WriteMeter.Units NO_COST = new WriteMeter.Units(0, 0, 0, 0);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final BusinessMetrics metrics = new EmfBusinessMetrics("prod", new PrintStream(bytes, true, StandardCharsets.UTF_8), NOW::toEpochMilli);

    @Test
    void aStepWritesItsFinalWindowsThenItsCountsThenOneLinePerTierAsExactLines() throws IOException {
        long windowEnd = NOW.minus(Duration.ofMinutes(1)).toEpochMilli();
        StepMetricDeltas deltas = new StepMetricDeltas(new BigDecimal("42.50"), 2,
                List.of(new StepMetricDeltas.FinalWindow(new TimeWindow(windowEnd - 300_000, windowEnd), 17),
                        new StepMetricDeltas.FinalWindow(new TimeWindow(0, 300_000), 3)), // 1970: older than CloudWatch takes
                new StepMetricDeltas.JoinDeltas(9, 4, 1, Map.of("gold", new TierRevenue(new BigDecimal("30.00"), 1),
                        "basic", new TierRevenue(new BigDecimal("12.50"), 1))));

        metrics.stepCompleted(committed(new StepCounts(480, 12, 5, 3, 0), deltas, 1));

        long now = NOW.toEpochMilli();
        assertThat(lines()).containsExactly(
                "{\"_aws\":{\"Timestamp\":" + windowEnd + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Tidemark\",\"Dimensions\":[[\"Pipeline\"]],"
                        + "\"Metrics\":[{\"Name\":\"ActiveUsers\",\"Unit\":\"Count\"}]}]},\"Pipeline\":\"prod\",\"ActiveUsers\":17}",
                "{\"_aws\":{\"Timestamp\":" + now + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Tidemark\",\"Dimensions\":[[\"Pipeline\"]],"
                        + "\"Metrics\":[{\"Name\":\"EventsAccepted\",\"Unit\":\"Count\"},{\"Name\":\"EventsDuplicate\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"EventsRejected\",\"Unit\":\"Count\"},{\"Name\":\"EventsLate\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"Orders\",\"Unit\":\"Count\"},{\"Name\":\"Revenue\",\"Unit\":\"None\"},"
                        + "{\"Name\":\"CartAbandonments\",\"Unit\":\"Count\"},{\"Name\":\"AdImpressions\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"AdClicks\",\"Unit\":\"Count\"},{\"Name\":\"AttributedClicks\",\"Unit\":\"Count\"}]}]},"
                        + "\"Pipeline\":\"prod\",\"EventsAccepted\":480,\"EventsDuplicate\":12,\"EventsRejected\":5,\"EventsLate\":3,"
                        + "\"Orders\":2,\"Revenue\":42.50,\"CartAbandonments\":1,\"AdImpressions\":9,\"AdClicks\":4,\"AttributedClicks\":1}",
                "{\"_aws\":{\"Timestamp\":" + now + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Tidemark\",\"Dimensions\":[[\"Pipeline\",\"Tier\"]],"
                        + "\"Metrics\":[{\"Name\":\"TierRevenue\",\"Unit\":\"None\"}]}]},\"Pipeline\":\"prod\",\"Tier\":\"basic\",\"TierRevenue\":12.50}",
                "{\"_aws\":{\"Timestamp\":" + now + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Tidemark\",\"Dimensions\":[[\"Pipeline\",\"Tier\"]],"
                        + "\"Metrics\":[{\"Name\":\"TierRevenue\",\"Unit\":\"None\"}]}]},\"Pipeline\":\"prod\",\"Tier\":\"gold\",\"TierRevenue\":30.00}");
    }

    @Test
    void everyLineIsAnEmfDocumentWhoseMetricsAndDimensionsAreItsMembers() throws IOException {
        metrics.stepCompleted(committed(new StepCounts(1, 0, 0, 0, 0), new StepMetricDeltas(BigDecimal.ONE, 1, List.of(),
                new StepMetricDeltas.JoinDeltas(0, 0, 0, Map.of("gold", new TierRevenue(BigDecimal.ONE, 1)))), 0));
        metrics.shardsHandedOver(new StepExecutor.HandedOver(Map.of("p", 3L), Map.of("c1", 5, "c2", 6), NO_COST));
        metrics.alertsPublished(4);

        List<JsonNode> docs = new ArrayList<>();
        for (String line : lines()) {
            docs.add(JSON.readTree(line));
        }
        assertThat(docs).hasSize(4).allSatisfy(doc -> {
            JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
            assertThat(doc.at("/_aws/Timestamp").isIntegralNumber()).isTrue();
            assertThat(doc.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
            assertThat(directive.get("Namespace").asText()).isEqualTo("Tidemark");
            assertThat(directive.get("Dimensions")).hasSize(1);
            directive.get("Dimensions").get(0).forEach(name -> assertThat(doc.get(name.asText()).isTextual()).as(name.asText()).isTrue());
            directive.get("Metrics").forEach(m -> assertThat(doc.get(m.get("Name").asText()).isNumber()).as(m.toString()).isTrue());
        });
        assertThat(docs.get(2).get("ShardsHandedOver").asLong()).isEqualTo(1);
        assertThat(docs.get(2).get("UsersHandedOver").asLong()).isEqualTo(11);
        assertThat(docs.get(3).get("AlertsPublished").asLong()).isEqualTo(4);
        assertThat(docs.get(3).get("Pipeline").asText()).isEqualTo("prod");
    }

    @Test
    void revenueIsTheExactDecimalSummedNotADouble() throws IOException {
        BigDecimal revenue = new BigDecimal("0.10").add(new BigDecimal("0.20"));
        metrics.stepCompleted(committed(StepCounts.ZERO, new StepMetricDeltas(revenue, 2, List.of(),
                new StepMetricDeltas.JoinDeltas(0, 0, 0, Map.of("gold", new TierRevenue(revenue, 2)))), 0));

        List<String> lines = lines();
        assertThat(lines.get(0)).contains("\"Revenue\":0.30,").doesNotContain("0.30000000000000004");
        assertThat(lines.get(1)).endsWith("\"TierRevenue\":0.30}");
        assertThat(JSON.readTree(lines.get(0)).get("Revenue").decimalValue()).isEqualTo(new BigDecimal("0.30"));
    }

    @Test
    void anUncommittedStepWritesNothing() throws IOException {
        metrics.stepCompleted(new StepExecutor.Outcome("s", false, null, 1, List.of(), StepMetricDeltas.NONE, NO_COST));
        assertThat(lines()).isEmpty();
    }

    @Test
    void powertoolsMetricsDisabledTurnsTheLinesOffInAnyCase() throws IOException {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThat(EmfBusinessMetrics.fromEnvironment(Map.of("POWERTOOLS_METRICS_DISABLED", "TRUE"), "prod", out, NOW::toEpochMilli))
                .isSameAs(BusinessMetrics.NONE);
        BusinessMetrics on = EmfBusinessMetrics.fromEnvironment(Map.of("POWERTOOLS_METRICS_DISABLED", "false"), "prod", out, NOW::toEpochMilli);
        on.alertsPublished(1);
        assertThat(lines()).hasSize(1);
    }

    private static StepExecutor.Outcome committed(StepCounts counts, StepMetricDeltas deltas, int newAlerts) {
        StepEffects effects = new StepEffects(7, List.of(), List.of(), List.of(), List.of(), List.of(), counts, counts,
                new ShardProgress("shardId-000000000000", 0, 0, false), 0, 0);
        Instant t = NOW.minus(Duration.ofHours(1));
        List<CartAbandonment> alerts = new ArrayList<>();
        for (int i = 0; i < newAlerts; i++) {
            alerts.add(new CartAbandonment("a" + i, "u" + i, t, t, t.plus(Duration.ofMinutes(30)), List.of("p1")));
        }
        return new StepExecutor.Outcome("shardId-000000000000", true, effects, 1, alerts, deltas, NO_COST);
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}

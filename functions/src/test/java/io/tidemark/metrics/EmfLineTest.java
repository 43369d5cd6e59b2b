package io.tidemark.metrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidemark.metrics.EmfLine.Dimension;
import io.tidemark.metrics.EmfLine.Metric;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One EMF line: its structure, parsed back, and the limits CloudWatch sets on it. */
class EmfLineTest {

    /** Reads numbers as the decimals written, trailing zeros kept. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @Test
    void theDirectiveNamesTheDimensionSetAndTheMetricsWhoseValuesAreTopLevelMembers() throws Exception {
        EmfLine line = new EmfLine("Shop", 1_796_472_000_123L, List.of(new Dimension("Pipeline", "prod \"eu\"\n"), new Dimension("Tier", "gold")),
                List.of(Metric.count("Orders", 3), Metric.plain("Revenue", new BigDecimal("1234567890.123456789"))));

        JsonNode doc = JSON.readTree(line.toJson());

        assertThat(doc.at("/_aws/Timestamp").asLong()).isEqualTo(1_796_472_000_123L);
        assertThat(doc.at("/_aws/CloudWatchMetrics")).hasSize(1);
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Shop");
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Pipeline\",\"Tier\"]]");
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics").toString())
                .isEqualTo("[{\"Name\":\"Orders\",\"Unit\":\"Count\"},{\"Name\":\"Revenue\",\"Unit\":\"None\"}]");
        assertThat(doc.get("Pipeline").asText()).as("escaped and read back whole").isEqualTo("prod \"eu\"\n");
        assertThat(doc.get("Tier").asText()).isEqualTo("gold");
        assertThat(doc.get("Orders").asLong()).isEqualTo(3);
        assertThat(doc.get("Revenue").decimalValue()).isEqualTo(new BigDecimal("1234567890.123456789"));
        assertThat(line.toJson()).doesNotContain("\n").contains("\"Revenue\":1234567890.123456789}");
    }

    @Test
    void oneHundredMetricsFitInALineAndOneMoreIsRefusedSayingToSplit() {
        List<Metric> hundred = IntStream.range(0, EmfLine.MAX_METRICS).mapToObj(i -> Metric.count("M" + i, i)).toList();
        assertThat(new EmfLine("Shop", 0, List.of(), hundred).metrics()).hasSize(100);

        List<Metric> more = IntStream.rangeClosed(0, EmfLine.MAX_METRICS).mapToObj(i -> Metric.count("M" + i, i)).toList();
        assertThatThrownBy(() -> new EmfLine("Shop", 0, List.of(), more))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 100").hasMessageContaining("got 101")
                .hasMessageContaining("split");
        assertThatThrownBy(() -> new EmfLine("Shop", 0, List.of(), List.of())).hasMessageContaining("got 0");
    }

    @Test
    void aDimensionSetHoldsAtMostThirtyDimensions() {
        List<Dimension> thirty = IntStream.range(0, EmfLine.MAX_DIMENSIONS).mapToObj(i -> new Dimension("D" + i, "v")).toList();
        assertThat(new EmfLine("Shop", 0, thirty, List.of(Metric.count("M", 1))).dimensions()).hasSize(30);

        List<Dimension> more = IntStream.rangeClosed(0, EmfLine.MAX_DIMENSIONS).mapToObj(i -> new Dimension("D" + i, "v")).toList();
        assertThatThrownBy(() -> new EmfLine("Shop", 0, more, List.of(Metric.count("M", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 30").hasMessageContaining("got 31");
    }

    @Test
    void namesMustBeNonEmptyAndDistinctBecauseEveryOneIsAMemberOfTheLine() {
        assertThatThrownBy(() -> Metric.count("", 1)).hasMessageContaining("metric name must not be empty");
        assertThatThrownBy(() -> new Dimension(" ", "v")).hasMessageContaining("dimension name must not be empty");
        assertThatThrownBy(() -> new Dimension("Pipeline", "")).hasMessageContaining("'Pipeline' needs a value");
        assertThatThrownBy(() -> new EmfLine("", 0, List.of(), List.of(Metric.count("M", 1)))).hasMessageContaining("namespace");
        assertThatThrownBy(() -> new EmfLine("Shop", 0, List.of(new Dimension("Orders", "x")), List.of(Metric.count("Orders", 1))))
                .hasMessageContaining("'Orders' is named twice");
    }
}

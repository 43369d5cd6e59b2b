package io.tidemark.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime validator and the published JSON Schemas (draft 2020-12, checked by a real schema
 * engine with format assertions on) accept and reject exactly the same records.
 */
class SchemaAgreementTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final JsonSchema schema = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012, b -> b.schemaMappers(m -> m.mapPrefix(
                    "https://tidemark.io/schemas/", "classpath:io/tidemark/events/schemas/")))
            .getSchema(com.networknt.schema.SchemaLocation.of("https://tidemark.io/schemas/event.schema.json"),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    private final EventValidator validator = new EventValidator();

    @Test
    void validatorAndSchemaAgreeOnGeneratedTrafficWithEveryCorruption() {
        GeneratorSettings settings = GeneratorSettings.defaults(3).withCount(3_000).withFaults(0.01, 0.05, 0.01, 0.3);
        List<String> lines = new ArrayList<>();
        for (GeneratedRecord r : new TrafficGenerator(settings).generate()) {
            lines.add(r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()));
        }
        assertAgreement(lines);
    }

    @Test
    void validatorAndSchemaAgreeOnHandWrittenEdgeCases() {
        String base = "{\"event_id\":\"e1\",\"type\":\"%s\",\"user_id\":\"u1\",\"timestamp\":\"%s\"%s}";
        List<String> lines = new ArrayList<>();
        for (String ts : List.of("2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123456789+05:30", "2026-11-23T10:00:00",
                "2026-11-23T10:00Z", "2026-02-30T10:00:00Z", "2026-11-23t10:00:00z")) {
            lines.add(String.format(base, "page_view", ts, ",\"page\":\"/\""));
        }
        for (String amount : List.of("0", "0.00", "12.3", "12.30", "12.345", "12.340", "-0.01", "1e2", "1.5e-1", "1.55e-1", "\"1\"", "null")) {
            lines.add(String.format(base, "purchase", "2026-11-23T10:00:00Z", ",\"order_id\":\"o1\",\"amount\":" + amount));
        }
        for (String quantity : List.of("1", "0", "2.0", "2.5", "-1", "1000000", "1000001", "\"2\"")) {
            lines.add(String.format(base, "add_to_cart", "2026-11-23T10:00:00Z", ",\"product_id\":\"p1\",\"quantity\":" + quantity));
        }
        for (String currency : List.of("\"EUR\"", "\"eur\"", "\"EURO\"", "3")) {
            lines.add(String.format(base, "purchase", "2026-11-23T10:00:00Z", ",\"order_id\":\"o1\",\"amount\":1,\"currency\":" + currency));
        }
        lines.add(String.format(base, "page_view", "2026-11-23T10:00:00Z", ",\"page\":\"\""));
        lines.add(String.format(base, "ad_click", "2026-11-23T10:00:00Z", ",\"ad_id\":\"a\",\"extra\":[1]"));
        lines.add(String.format(base, "teleport", "2026-11-23T10:00:00Z", ""));
        lines.add("{\"type\":\"page_view\"}");
        lines.add("{\"event_id\":\"" + "x".repeat(129) + "\",\"type\":\"page_view\",\"user_id\":\"u\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"page\":\"/\"}");
        assertAgreement(lines);
    }

    @Test
    void validatorAndSchemaAgreeOnEverySample() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
            }
        }
        assertThat(lines).isNotEmpty();
        assertAgreement(lines);
    }

    private void assertAgreement(List<String> lines) {
        int valid = 0;
        int invalid = 0;
        for (String line : lines) {
            boolean byValidator = validator.validate(line).isValid();
            boolean bySchema = schemaAccepts(line);
            assertThat(byValidator).as("validator %s but the schema %s: %s", byValidator ? "accepts" : "rejects",
                    bySchema ? "accepts" : "rejects", line).isEqualTo(bySchema);
            if (byValidator) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertThat(valid).as("both valid and invalid records were compared").isPositive();
        assertThat(invalid).isPositive();
    }

    private boolean schemaAccepts(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return false; // not JSON: no schema can accept it
        }
        if (node == null || node.isMissingNode()) {
            return false;
        }
        return schema.validate(node).isEmpty();
    }
}

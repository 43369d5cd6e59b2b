package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stack synthesized once per set of context values and shared by the test classes (one JVM):
 * jsii and the 19 MB asset make every synthesis take seconds. Built exactly as the app's main does.
 */
final class Synthesized {

    /** What `cdk deploy` with no context builds. */
    static final Map<String, String> DEFAULTS = Map.of();
    /** Every optional feature switched on and every default changed. */
    static final Map<String, String> VARIANT = Map.ofEntries(
            Map.entry(DeploymentSettings.STACK_NAME, "TidemarkDev"),
            Map.entry(DeploymentSettings.TABLE_PREFIX, "dev"),
            Map.entry(DeploymentSettings.STREAM_MODE, "provisioned"),
            Map.entry(DeploymentSettings.SHARD_COUNT, "3"),
            Map.entry(DeploymentSettings.STREAM_RETENTION_HOURS, "48"),
            Map.entry(DeploymentSettings.REMOVAL_POLICY, "destroy"),
            Map.entry(DeploymentSettings.ALERT_EMAIL, "alerts@example.com"),
            Map.entry(DeploymentSettings.ALERT_QUEUE, "true"),
            Map.entry(DeploymentSettings.OPS_EMAIL, "ops@example.com"),
            Map.entry(DeploymentSettings.KINESIS_HANDLER_MEMORY_MB, "1536"),
            Map.entry(DeploymentSettings.KINESIS_HANDLER_TIMEOUT_SECONDS, "90"),
            Map.entry(DeploymentSettings.LOG_RETENTION_DAYS, "90"),
            Map.entry(DeploymentSettings.WATERMARK_DELAY, "PT30S"),
            Map.entry(DeploymentSettings.IDLE_TIMEOUT, "PT2M"),
            Map.entry(DeploymentSettings.ALLOWED_LATENESS, "PT1H"));

    private static final Map<Map<String, String>, Synthesized> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    final TidemarkStack stack;
    final Path outdir;
    final Path templateFile;
    final Template template;
    final JsonNode templateJson;
    final long synthMillis;

    private Synthesized(TidemarkStack stack, Path outdir, Path templateFile, Template template, JsonNode templateJson, long synthMillis) {
        this.stack = stack;
        this.outdir = outdir;
        this.templateFile = templateFile;
        this.template = template;
        this.templateJson = templateJson;
        this.synthMillis = synthMillis;
    }

    static Synthesized defaults() {
        return of(DEFAULTS);
    }

    static Synthesized variant() {
        return of(VARIANT);
    }

    static synchronized Synthesized of(Map<String, String> context) {
        return CACHE.computeIfAbsent(context, Synthesized::synthesize);
    }

    private static Synthesized synthesize(Map<String, String> context) {
        try {
            Path outdir = Files.createTempDirectory(Path.of("target"), "synth-");
            long start = System.nanoTime();
            App app = new App(AppProps.builder().context(Map.copyOf(context)).outdir(outdir.toString()).build());
            TidemarkStack stack = TidemarkApp.build(app, Path.of("").toAbsolutePath());
            CloudAssembly assembly = app.synth();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("synthesized %s in %d ms (context %s)%n", stack.getStackName(), millis, context.keySet());
            Path templateFile = Path.of(assembly.getStackByName(stack.getStackName()).getTemplateFullPath());
            JsonNode json = JSON.readTree(templateFile.toFile());
            @SuppressWarnings("unchecked")
            Map<String, Object> asMap = JSON.convertValue(json, Map.class);
            return new Synthesized(stack, outdir, templateFile, Template.fromJSON(asMap), json, millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resources of one type, logical id → resource. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        templateJson.get("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** The single resource of a type whose logical id starts with a prefix (construct path without hash). */
    JsonNode resource(String type, String logicalIdPrefix) {
        List<JsonNode> matches = new ArrayList<>();
        resources(type).forEach((id, r) -> {
            if (id.startsWith(logicalIdPrefix)) {
                matches.add(r);
            }
        });
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type + " with logical id " + logicalIdPrefix + "*, found " + matches.size());
        }
        return matches.get(0);
    }

    /** The logical id of that resource, for Ref / GetAtt comparisons. */
    String logicalId(String type, String logicalIdPrefix) {
        return resources(type).keySet().stream().filter(id -> id.startsWith(logicalIdPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + logicalIdPrefix + "*"));
    }

    /** cdk-nag's report beside the template: one row per rule and resource. */
    List<String[]> nagReport() {
        Path report = outdir.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv");
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(report).subList(1, Files.readAllLines(report).size())) {
                rows.add(parseCsvLine(line));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("no cdk-nag report at " + report, e);
        }
    }

    private static String[] parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }
}

package io.tidemark.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The single source of the pipeline's settings: the CDK stack reads it to configure the event
 * source mapping and the functions' environment, the handlers read it back from that environment,
 * and the local event-source runner and {@code tidemark local} use it directly.
 *
 * @param eventSource how Lambda (or the local runner) feeds the Kinesis handler
 * @param eventTime   watermark delay, idle timeout, allowed lateness
 * @param tablePrefix DynamoDB table names are {@code <prefix>-state}, {@code <prefix>-views}, …
 */
public record PipelineConfig(EventSourceSettings eventSource, EventTimeSettings eventTime, String tablePrefix) {

    public static final String ENV_TABLE_PREFIX = "TIDEMARK_TABLE_PREFIX";
    public static final String ENV_WATERMARK_DELAY = "TIDEMARK_WATERMARK_DELAY";
    public static final String ENV_IDLE_TIMEOUT = "TIDEMARK_IDLE_TIMEOUT";
    public static final String ENV_ALLOWED_LATENESS = "TIDEMARK_ALLOWED_LATENESS";

    public PipelineConfig {
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        if (!tablePrefix.matches("[A-Za-z0-9_.-]{1,200}")) {
            throw new IllegalArgumentException("tablePrefix may only hold letters, digits, '_', '-' and '.', got '" + tablePrefix + "'");
        }
    }

    public static PipelineConfig defaults() {
        return new PipelineConfig(EventSourceSettings.defaults(), EventTimeSettings.defaults(), "tidemark");
    }

    public PipelineConfig withTablePrefix(String prefix) {
        return new PipelineConfig(eventSource, eventTime, prefix);
    }

    public PipelineConfig withEventSource(EventSourceSettings settings) {
        return new PipelineConfig(settings, eventTime, tablePrefix);
    }

    public PipelineConfig withEventTime(EventTimeSettings settings) {
        return new PipelineConfig(eventSource, settings, tablePrefix);
    }

    /** The environment variables a function needs to rebuild this configuration (ISO-8601 durations). */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_TABLE_PREFIX, tablePrefix);
        env.put(ENV_WATERMARK_DELAY, eventTime.watermarkDelay().toString());
        env.put(ENV_IDLE_TIMEOUT, eventTime.idleTimeout().toString());
        env.put(ENV_ALLOWED_LATENESS, eventTime.allowedLateness().toString());
        return env;
    }

    /**
     * Reads a configuration written by {@link #toEnvironment()}; missing variables take their
     * defaults. A malformed value fails with a message naming the variable and the expected form.
     */
    public static PipelineConfig fromEnvironment(Map<String, String> env) {
        EventTimeSettings d = EventTimeSettings.defaults();
        EventTimeSettings eventTime = new EventTimeSettings(
                duration(env, ENV_WATERMARK_DELAY, d.watermarkDelay()),
                duration(env, ENV_IDLE_TIMEOUT, d.idleTimeout()),
                duration(env, ENV_ALLOWED_LATENESS, d.allowedLateness()));
        return new PipelineConfig(EventSourceSettings.defaults(), eventTime,
                env.getOrDefault(ENV_TABLE_PREFIX, defaults().tablePrefix()));
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": expected an ISO-8601 duration such as PT2M, got '" + value + "'", e);
        }
    }
}

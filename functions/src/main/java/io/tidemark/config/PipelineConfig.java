package io.tidemark.config;

import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.settings.EventTimeSettings;

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
 * @param customerCache the Kinesis handler's per-container cache of customer lookups
 */
public record PipelineConfig(EventSourceSettings eventSource, EventTimeSettings eventTime, String tablePrefix,
                             CustomerCacheSettings customerCache) {

    public static final String ENV_TABLE_PREFIX = "TIDEMARK_TABLE_PREFIX";
    public static final String ENV_WATERMARK_DELAY = "TIDEMARK_WATERMARK_DELAY";
    public static final String ENV_IDLE_TIMEOUT = "TIDEMARK_IDLE_TIMEOUT";
    public static final String ENV_ALLOWED_LATENESS = "TIDEMARK_ALLOWED_LATENESS";
    public static final String ENV_MAX_AHEAD_OF_ARRIVAL = "TIDEMARK_MAX_AHEAD_OF_ARRIVAL";
    public static final String ENV_CUSTOMER_CACHE_SIZE = "TIDEMARK_CUSTOMER_CACHE_SIZE";
    public static final String ENV_CUSTOMER_CACHE_TTL = "TIDEMARK_CUSTOMER_CACHE_TTL";

    public PipelineConfig {
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        Objects.requireNonNull(customerCache, "customerCache");
        if (!tablePrefix.matches("[A-Za-z0-9_.-]{1,200}")) {
            throw new IllegalArgumentException("tablePrefix may only hold letters, digits, '_', '-' and '.', got '" + tablePrefix + "'");
        }
    }

    public static PipelineConfig defaults() {
        return new PipelineConfig(EventSourceSettings.defaults(), EventTimeSettings.defaults(), "tidemark", CustomerCacheSettings.defaults());
    }

    /** What the event-time core needs of these settings. */
    public CoreSettings coreSettings() {
        return CoreSettings.of(eventTime);
    }

    public PipelineConfig withTablePrefix(String prefix) {
        return new PipelineConfig(eventSource, eventTime, prefix, customerCache);
    }

    public PipelineConfig withEventSource(EventSourceSettings settings) {
        return new PipelineConfig(settings, eventTime, tablePrefix, customerCache);
    }

    public PipelineConfig withEventTime(EventTimeSettings settings) {
        return new PipelineConfig(eventSource, settings, tablePrefix, customerCache);
    }

    public PipelineConfig withCustomerCache(CustomerCacheSettings settings) {
        return new PipelineConfig(eventSource, eventTime, tablePrefix, settings);
    }

    /** The environment variables a function needs to rebuild this configuration (ISO-8601 durations). */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_TABLE_PREFIX, tablePrefix);
        env.put(ENV_WATERMARK_DELAY, eventTime.watermarkDelay().toString());
        env.put(ENV_IDLE_TIMEOUT, eventTime.idleTimeout().toString());
        env.put(ENV_ALLOWED_LATENESS, eventTime.allowedLateness().toString());
        env.put(ENV_MAX_AHEAD_OF_ARRIVAL, eventTime.maxAheadOfArrival().toString());
        env.put(ENV_CUSTOMER_CACHE_SIZE, Long.toString(customerCache.maxEntries()));
        env.put(ENV_CUSTOMER_CACHE_TTL, customerCache.ttl().toString());
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
                duration(env, ENV_ALLOWED_LATENESS, d.allowedLateness()),
                duration(env, ENV_MAX_AHEAD_OF_ARRIVAL, d.maxAheadOfArrival()));
        CustomerCacheSettings c = CustomerCacheSettings.defaults();
        CustomerCacheSettings cache = new CustomerCacheSettings(count(env, ENV_CUSTOMER_CACHE_SIZE, c.maxEntries()),
                duration(env, ENV_CUSTOMER_CACHE_TTL, c.ttl()));
        return new PipelineConfig(EventSourceSettings.defaults(), eventTime,
                env.getOrDefault(ENV_TABLE_PREFIX, defaults().tablePrefix()), cache);
    }

    private static long count(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": expected a whole number >= 0 such as 100000, got '" + value + "'");
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

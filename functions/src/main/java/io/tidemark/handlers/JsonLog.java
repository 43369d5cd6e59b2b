package io.tidemark.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Structured logs: one JSON object per line ({@code timestamp}, {@code level}, {@code service},
 * {@code message}, then the given fields), which CloudWatch Logs Insights queries by field.
 * Powertools' logging module would do this, but its jars are not on this project's Maven mirror;
 * this is the small part the handlers need.
 */
public final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String handler;
    private final PrintStream out;
    private volatile boolean quiet;

    public JsonLog(String handler, PrintStream out) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.out = Objects.requireNonNull(out, "out");
    }

    public static JsonLog stdout(String handler) {
        return new JsonLog(handler, System.out);
    }

    /** Suppresses INFO lines (tests and benchmarks that run thousands of batches); warnings and errors still print. */
    public JsonLog quiet() {
        this.quiet = true;
        return this;
    }

    public void info(String message, Object... fields) {
        if (!quiet) {
            write("INFO", message, null, fields);
        }
    }

    public void warn(String message, Object... fields) {
        write("WARN", message, null, fields);
    }

    public void error(String message, Throwable error, Object... fields) {
        write("ERROR", message, error, fields);
    }

    private void write(String level, String message, Throwable error, Object... fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("service", "tidemark");
        line.put("handler", handler);
        line.put("message", message);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        if (error != null) {
            line.put("error", error.getClass().getName() + ": " + error.getMessage());
        }
        try {
            String json = JSON.writeValueAsString(line);
            synchronized (out) {
                out.println(json);
            }
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"message\":\"unloggable line\"}");
        }
    }
}

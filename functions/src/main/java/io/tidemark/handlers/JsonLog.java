package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The handlers' log lines: one JSON object per line on standard output, with the keys Powertools for AWS Lambda's
 * logging writes — {@code timestamp}, {@code level}, {@code message}, {@code service}, and inside an invocation
 * ({@link #withInvocation}) {@code function_request_id}, {@code cold_start}, {@code function_name},
 * {@code function_version}, {@code function_arn}, {@code function_memory_size}, {@code xray_trace_id} — then
 * {@code handler} and the line's own fields (shard, step, sequence numbers, counts), and for a failure
 * {@code error} with {@code name}, {@code message} and {@code stack}. Levels and service come from the environment
 * ({@link LogSettings}).
 * <p>
 * Why not Powertools' logging module itself: it runs on Log4j 2, whose start-up loaded 1 141 more classes before the
 * Kinesis handler was constructed and added a median ~300 ms to the cold start under the Lambda runtime emulator
 * (paired runs), and whose jars took the Lambda jar 3.2 MB past its size gate (docs/operations.md). The keys are
 * Powertools' so that queries written for Powertools' lines work on these.
 * <p>
 * Field values are written as JSON by their type: strings, numbers (a {@code BigDecimal} as its exact decimal),
 * booleans and {@code null}; maps as objects and collections and arrays as arrays, nested; an enum as its name;
 * anything else (an {@code Instant}) as its {@code toString()}. Written with jackson-core's streaming generator, not
 * a databind mapper, whose set-up (serializers found by introspection) the cold start would pay for.
 */
public final class JsonLog {

    private static final JsonFactory JSON = new JsonFactory();

    private final String handler;
    private final PrintStream out;
    private final AtomicBoolean environmentNotInvokedYet;
    private final Map<String, String> env;
    private volatile LogSettings settings;
    /** The invocation each thread is running (Lambda runs one at a time; the local runner may run shards in parallel). */
    private final ThreadLocal<LambdaInvocation> invocation = new ThreadLocal<>();

    /** Lines to {@code out} at the default settings (service {@code tidemark}, level INFO): the local runner, tests. */
    public JsonLog(String handler, PrintStream out) {
        this(handler, out, LogSettings.defaults(), Map.of(), LambdaInvocation.ENVIRONMENT_NOT_INVOKED_YET);
    }

    JsonLog(String handler, PrintStream out, LogSettings settings, Map<String, String> env, AtomicBoolean environmentNotInvokedYet) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.out = Objects.requireNonNull(out, "out");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.env = Map.copyOf(env);
        this.environmentNotInvokedYet = Objects.requireNonNull(environmentNotInvokedYet, "environmentNotInvokedYet");
        settings.problems().forEach(problem -> warn("log settings: " + problem));
    }

    /** A Lambda function's log: standard output, settings from the function's environment. */
    public static JsonLog stdout(String handler) {
        Map<String, String> env = System.getenv();
        return new JsonLog(handler, System.out, LogSettings.fromEnvironment(env), env, LambdaInvocation.ENVIRONMENT_NOT_INVOKED_YET);
    }

    /** Suppresses INFO lines (tests and benchmarks that run thousands of batches); warnings and errors still print. */
    public JsonLog quiet() {
        this.settings = settings.withThreshold(LogLevel.WARN);
        return this;
    }

    /**
     * Runs one invocation's work with its keys on every line written meanwhile on this thread. Without a
     * {@code context} (the local runner calls handlers with none) the lines carry no invocation keys.
     */
    public <T> T withInvocation(Context context, Supplier<T> work) {
        if (context == null) {
            return work.get();
        }
        LambdaInvocation previous = invocation.get();
        invocation.set(LambdaInvocation.begin(context, env, environmentNotInvokedYet));
        try {
            return work.get();
        } finally {
            invocation.set(previous);
        }
    }

    public void info(String message, Object... fields) {
        write(LogLevel.INFO, message, null, fields);
    }

    public void warn(String message, Object... fields) {
        write(LogLevel.WARN, message, null, fields);
    }

    public void error(String message, Throwable error, Object... fields) {
        write(LogLevel.ERROR, message, error, fields);
    }

    private void write(LogLevel level, String message, Throwable error, Object... fields) {
        LogSettings s = settings;
        if (!level.reaches(s.threshold())) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("message", message);
        line.put("service", s.service());
        LambdaInvocation current = invocation.get();
        if (current != null) {
            current.writeTo(line);
        }
        line.put("handler", handler);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        if (error != null) {
            line.put("error", errorFields(error));
        }
        String json = json(line);
        synchronized (out) {
            out.println(json);
        }
    }

    private static String json(Map<String, Object> line) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            writeValue(g, line);
        } catch (IOException e) {
            throw new IllegalStateException("writing a log line to a string", e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Object[] items) {
            writeValue(g, Arrays.asList(items));
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            g.writeString(value.toString());
        }
    }

    /** Powertools' shape: the exception's class, message and stack trace (with its causes) as one string. */
    private static Map<String, Object> errorFields(Throwable error) {
        StringWriter stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", error.getClass().getName());
        fields.put("message", error.getMessage());
        fields.put("stack", stack.toString());
        return fields;
    }
}

package io.tidemark.handlers;

import io.tidemark.config.FunctionEnvironment;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the handlers' log lines take from the function's environment, read as Powertools for AWS Lambda reads it:
 * the {@code service} key from {@code POWERTOOLS_SERVICE_NAME}, and the lowest level written from Lambda's advanced
 * logging controls ({@code AWS_LAMBDA_LOG_LEVEL}, which Lambda sets from the function's application log level and
 * which wins), else {@code POWERTOOLS_LOG_LEVEL}, else {@code INFO}. A value that names no level is reported in
 * {@link #problems()} (the log writes it as a warning line) and {@code INFO} is used: a typo in a variable must not
 * stop the pipeline.
 */
public record LogSettings(String service, LogLevel threshold, List<String> problems) {

    public static final String LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    public static final String POWERTOOLS_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";

    public LogSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(threshold, "threshold");
        problems = List.copyOf(problems);
    }

    /** Service {@code tidemark}, level {@code INFO}: the local runner and the tests. */
    public static LogSettings defaults() {
        return new LogSettings(FunctionEnvironment.SERVICE, LogLevel.INFO, List.of());
    }

    public static LogSettings fromEnvironment(Map<String, String> env) {
        String service = present(env, FunctionEnvironment.POWERTOOLS_SERVICE_NAME).orElse(FunctionEnvironment.SERVICE);
        for (String variable : List.of(LAMBDA_LOG_LEVEL, POWERTOOLS_LOG_LEVEL)) {
            Optional<String> value = present(env, variable);
            if (value.isPresent()) {
                Optional<LogLevel> level = LogLevel.parse(value.get());
                if (level.isPresent()) {
                    return new LogSettings(service, level.get(), List.of());
                }
                return new LogSettings(service, LogLevel.INFO, List.of(variable + "=" + value.get() + " names no log level: set it to one of "
                        + Arrays.toString(LogLevel.values()) + " (INFO is used meanwhile)"));
            }
        }
        return new LogSettings(service, LogLevel.INFO, List.of());
    }

    /** The same service, a different lowest level (tests and benchmarks that run thousands of batches use {@code WARN}). */
    public LogSettings withThreshold(LogLevel level) {
        return new LogSettings(service, level, problems);
    }

    private static Optional<String> present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}

package io.tidemark.infra;

import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.StackOutputs;
import io.tidemark.core.settings.EventTimeSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one deployment chooses through CDK context ({@code cdk deploy -c key=value} or
 * {@code cdk.json}). Every key is listed in {@link #KEYS} and documented in {@code docs/deploy.md};
 * a bad value fails the synthesis with a message that names the key and the accepted values.
 *
 * @param stackName              CloudFormation stack name
 * @param pipeline               the pipeline settings; the table prefix, the event-time settings and the latency budget come from context
 * @param stream                 stream capacity mode and retention
 * @param dataRemoval            what {@code cdk destroy} does with the tables, their key, the dead-letter queue and the logs
 * @param alertEmail             an e-mail address subscribed to the alerts topic
 * @param alertQueue             whether an SQS queue is subscribed to the alerts topic (for programs)
 * @param opsEmail               an e-mail address subscribed to the operations (alarm) topic
 * @param lambdaJar              the Lambda jar; empty: {@code functions/target/*-lambda.jar}
 * @param kinesisHandlerMemoryMb memory of the Kinesis handler and the sweeper
 * @param kinesisHandlerTimeout  timeout of the Kinesis handler and the sweeper
 * @param logRetentionDays       retention of the functions' log groups
 */
public record DeploymentSettings(
        String stackName,
        PipelineConfig pipeline,
        StreamCapacity stream,
        DataRemoval dataRemoval,
        Optional<String> alertEmail,
        boolean alertQueue,
        Optional<String> opsEmail,
        Optional<Path> lambdaJar,
        int kinesisHandlerMemoryMb,
        Duration kinesisHandlerTimeout,
        int logRetentionDays) {

    public static final String STACK_NAME = "stackName";
    public static final String TABLE_PREFIX = "tablePrefix";
    public static final String WATERMARK_DELAY = "watermarkDelay";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String ALLOWED_LATENESS = "allowedLateness";
    public static final String MAX_AHEAD_OF_ARRIVAL = "maxAheadOfArrival";
    public static final String LATENCY_BUDGET = "latencyBudget";
    public static final String STREAM_MODE = "streamMode";
    public static final String SHARD_COUNT = "shardCount";
    public static final String STREAM_RETENTION_HOURS = "streamRetentionHours";
    public static final String REMOVAL_POLICY = "removalPolicy";
    public static final String ALERT_EMAIL = "alertEmail";
    public static final String ALERT_QUEUE = "alertQueue";
    public static final String OPS_EMAIL = "opsEmail";
    public static final String LAMBDA_JAR = "lambdaJar";
    public static final String KINESIS_HANDLER_MEMORY_MB = "kinesisHandlerMemoryMb";
    public static final String KINESIS_HANDLER_TIMEOUT_SECONDS = "kinesisHandlerTimeoutSeconds";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";

    /** Every context key this app reads. */
    public static final List<String> KEYS = List.of(STACK_NAME, TABLE_PREFIX, WATERMARK_DELAY, IDLE_TIMEOUT,
            ALLOWED_LATENESS, MAX_AHEAD_OF_ARRIVAL, LATENCY_BUDGET, STREAM_MODE, SHARD_COUNT, STREAM_RETENTION_HOURS, REMOVAL_POLICY, ALERT_EMAIL,
            ALERT_QUEUE, OPS_EMAIL, LAMBDA_JAR, KINESIS_HANDLER_MEMORY_MB, KINESIS_HANDLER_TIMEOUT_SECONDS,
            LOG_RETENTION_DAYS);

    public static final String DEFAULT_STACK_NAME = StackOutputs.DEFAULT_STACK_NAME;
    /** Starting point, to be re-sized from measured duration and memory (docs/benchmarks.md). */
    public static final int DEFAULT_KINESIS_HANDLER_MEMORY_MB = 1024;
    public static final Duration DEFAULT_KINESIS_HANDLER_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;

    /** The values CloudWatch Logs accepts as a retention. */
    static final Set<Integer> LOG_RETENTION_VALUES = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern STACK_NAME_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** Whether {@code cdk destroy} keeps or deletes the pipeline's data. */
    public enum DataRemoval { RETAIN, DESTROY }

    public DeploymentSettings {
        if (!STACK_NAME_PATTERN.matcher(stackName).matches()) {
            throw invalid(STACK_NAME, stackName, "a CloudFormation stack name: a letter, then letters, digits and '-', at most 128");
        }
    }

    /** The defaults: what {@code cdk deploy} with no context builds. */
    public static DeploymentSettings defaults() {
        return fromContext(key -> null);
    }

    /** Reads the settings from CDK context, e.g. {@code DeploymentSettings.fromContext(app.getNode()::tryGetContext)}. */
    public static DeploymentSettings fromContext(Function<String, Object> context) {
        Context ctx = new Context(context);
        PipelineConfig defaults = PipelineConfig.defaults();
        EventTimeSettings time = defaults.eventTime();
        EventTimeSettings eventTime;
        try {
            eventTime = new EventTimeSettings(
                    ctx.duration(WATERMARK_DELAY, time.watermarkDelay()),
                    ctx.duration(IDLE_TIMEOUT, time.idleTimeout()),
                    ctx.duration(ALLOWED_LATENESS, time.allowedLateness()),
                    ctx.duration(MAX_AHEAD_OF_ARRIVAL, time.maxAheadOfArrival()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("context ")) {
                throw e;
            }
            throw new IllegalArgumentException("context " + WATERMARK_DELAY + "/" + IDLE_TIMEOUT + "/" + ALLOWED_LATENESS + "/"
                    + MAX_AHEAD_OF_ARRIVAL + ": " + e.getMessage(), e);
        }
        String prefix = ctx.string(TABLE_PREFIX).orElse(defaults.tablePrefix());
        PipelineConfig pipeline;
        try {
            pipeline = defaults.withEventTime(eventTime).withTablePrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw invalid(TABLE_PREFIX, prefix, "1-200 letters, digits, '_', '-' or '.'");
        }
        Duration budget = ctx.duration(LATENCY_BUDGET, EventSourceSettings.DEFAULT_LATENCY_BUDGET);
        try {
            pipeline = pipeline.withEventSource(pipeline.eventSource().withLatencyBudget(budget));
        } catch (IllegalArgumentException e) {
            throw invalid(LATENCY_BUDGET, budget.toString(), "an ISO-8601 duration from PT1S to PT301S (the batching window is the budget less 1 s)");
        }

        String mode = ctx.string(STREAM_MODE).orElse("on-demand");
        Optional<Integer> shards = ctx.integer(SHARD_COUNT, 1, 10_000);
        int retention = ctx.integer(STREAM_RETENTION_HOURS, 24, 8760).orElse(24);
        StreamCapacity stream = switch (mode) {
            case "on-demand" -> {
                if (shards.isPresent()) {
                    throw new IllegalArgumentException("context " + SHARD_COUNT + " applies only with -c " + STREAM_MODE
                            + "=provisioned; drop it or add -c " + STREAM_MODE + "=provisioned");
                }
                yield StreamCapacity.onDemand(Duration.ofHours(retention));
            }
            case "provisioned" -> StreamCapacity.provisioned(shards.orElse(1), Duration.ofHours(retention));
            default -> throw invalid(STREAM_MODE, mode, "on-demand or provisioned");
        };
        Duration recordAge = pipeline.eventSource().maximumRecordAge();
        if (recordAge.compareTo(stream.retention()) > 0) {
            throw new IllegalArgumentException("context " + STREAM_RETENTION_HOURS + "=" + retention
                    + " is shorter than the event source's maximum record age " + recordAge);
        }

        String removal = ctx.string(REMOVAL_POLICY).orElse("retain");
        DataRemoval dataRemoval = switch (removal) {
            case "retain" -> DataRemoval.RETAIN;
            case "destroy" -> DataRemoval.DESTROY;
            default -> throw invalid(REMOVAL_POLICY, removal, "retain (keep tables, key, dead letters and logs on cdk destroy) or destroy");
        };

        int logRetention = ctx.integer(LOG_RETENTION_DAYS, 1, 3653).orElse(DEFAULT_LOG_RETENTION_DAYS);
        if (!LOG_RETENTION_VALUES.contains(logRetention)) {
            throw invalid(LOG_RETENTION_DAYS, String.valueOf(logRetention),
                    "one of CloudWatch Logs' retentions " + LOG_RETENTION_VALUES.stream().sorted().toList());
        }

        return new DeploymentSettings(
                ctx.string(STACK_NAME).orElse(DEFAULT_STACK_NAME),
                pipeline,
                stream,
                dataRemoval,
                ctx.email(ALERT_EMAIL),
                ctx.bool(ALERT_QUEUE).orElse(false),
                ctx.email(OPS_EMAIL),
                ctx.string(LAMBDA_JAR).map(Path::of),
                ctx.integer(KINESIS_HANDLER_MEMORY_MB, 128, 10_240).orElse(DEFAULT_KINESIS_HANDLER_MEMORY_MB),
                ctx.integer(KINESIS_HANDLER_TIMEOUT_SECONDS, 1, 900).map(Duration::ofSeconds).orElse(DEFAULT_KINESIS_HANDLER_TIMEOUT),
                logRetention);
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("context " + key + "='" + value + "' is invalid: expected " + expected);
    }

    /** Context values arrive as strings from {@code -c} and as JSON values from {@code cdk.json}. */
    private record Context(Function<String, Object> source) {

        Optional<String> string(String key) {
            Object value = source.apply(key);
            if (value == null) {
                return Optional.empty();
            }
            String text = value.toString().trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }

        Optional<Integer> integer(String key, int min, int max) {
            return string(key).map(text -> {
                long value;
                try {
                    // cdk.json numbers may arrive as 1024.0
                    value = new java.math.BigDecimal(text).longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    throw invalid(key, text, "a whole number " + min + ".." + max);
                }
                if (value < min || value > max) {
                    throw invalid(key, text, "a whole number " + min + ".." + max);
                }
                return (int) value;
            });
        }

        Optional<Boolean> bool(String key) {
            return string(key).map(text -> switch (text.toLowerCase()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(key, text, "true or false");
            });
        }

        Optional<String> email(String key) {
            return string(key).map(text -> {
                if (!EMAIL.matcher(text).matches()) {
                    throw invalid(key, text, "an e-mail address such as ops@example.com");
                }
                return text;
            });
        }

        Duration duration(String key, Duration fallback) {
            return string(key).map(text -> {
                try {
                    return Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw invalid(key, text, "an ISO-8601 duration such as PT2M");
                }
            }).orElse(fallback);
        }
    }
}

package io.tidemark.infra;

import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The three handlers (class names fixed by docs/architecture.md), their shared environment and
 * their permissions. Each gets only what its job needs, through grants:
 * <ul>
 *   <li>Kinesis handler: read/write the state and views tables, write alerts and quarantine
 *       (stream read comes with its event source mapping);</li>
 *   <li>sweeper: the same tables, plus listing the stream's shards;</li>
 *   <li>alert publisher: publish to the alerts topic (the alerts table's stream read comes with
 *       its event source mapping); no table access.</li>
 * </ul>
 * Each may also send to the stack's dead-letter queue of asynchronous invocations ({@link FailedInvocations}).
 */
public final class PipelineFunctions extends Construct {

    public static final String KINESIS_HANDLER = "io.tidemark.handlers.KinesisHandler::handleRequest";
    public static final String SWEEPER_HANDLER = "io.tidemark.handlers.SweeperHandler::handleRequest";
    public static final String ALERT_PUBLISHER_HANDLER = "io.tidemark.handlers.AlertPublisherHandler::handleRequest";

    /** The alert publisher only relays small images to SNS: half the memory, a short timeout. */
    static final int ALERT_PUBLISHER_MEMORY_MB = 512;
    static final Duration ALERT_PUBLISHER_TIMEOUT = Duration.ofSeconds(30);

    public record Props(Code code, PipelineConfig config, StateTables tables, IStream stream, ITopic alertsTopic,
                        int kinesisHandlerMemoryMb, Duration kinesisHandlerTimeout,
                        RetentionDays logRetention, RemovalPolicy removalPolicy,
                        StreamCapacity streamCapacity, IKey key) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(tables, "tables");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(alertsTopic, "alertsTopic");
            Objects.requireNonNull(kinesisHandlerTimeout, "kinesisHandlerTimeout");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
            Objects.requireNonNull(streamCapacity, "streamCapacity");
            Objects.requireNonNull(key, "key");
        }
    }

    private final HandlerFunction kinesisHandler;
    private final HandlerFunction sweeper;
    private final HandlerFunction alertPublisher;

    public PipelineFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        Map<String, String> environment = environment(props);
        this.kinesisHandler = new HandlerFunction(this, "KinesisHandler", new HandlerFunction.Props(
                KINESIS_HANDLER, "Tidemark: applies Kinesis batches to windows, sessions and carts",
                props.code(), props.kinesisHandlerMemoryMb(), props.kinesisHandlerTimeout(), environment,
                props.logRetention(), props.removalPolicy(), Optional.empty(), props.key(),
                HandlerConcurrency.kinesisHandler(props.streamCapacity(), props.config().eventSource().parallelizationFactor())));
        this.sweeper = new HandlerFunction(this, "Sweeper", new HandlerFunction.Props(
                SWEEPER_HANDLER, "Tidemark: advances idle watermarks and fires due timers every minute",
                props.code(), props.kinesisHandlerMemoryMb(), props.kinesisHandlerTimeout(), environment,
                props.logRetention(), props.removalPolicy(),
                // A failed sweep is not retried: the next one, a minute later, does the same work idempotently.
                Optional.of(0), props.key(), HandlerConcurrency.sweeper(props.kinesisHandlerTimeout())));
        this.alertPublisher = new HandlerFunction(this, "AlertPublisher", new HandlerFunction.Props(
                ALERT_PUBLISHER_HANDLER, "Tidemark: relays new alerts from the alerts table stream to SNS",
                props.code(), ALERT_PUBLISHER_MEMORY_MB, ALERT_PUBLISHER_TIMEOUT, environment,
                props.logRetention(), props.removalPolicy(), Optional.empty(), props.key(), HandlerConcurrency.alertPublisher()));

        for (HandlerFunction processor : new HandlerFunction[] {kinesisHandler, sweeper}) {
            props.tables().table(Table.STATE).grantReadWriteData(processor.role());
            props.tables().table(Table.VIEWS).grantReadWriteData(processor.role());
            props.tables().table(Table.ALERTS).grantWriteData(processor.role());
            props.tables().table(Table.QUARANTINE).grantWriteData(processor.role());
        }
        // Only the Kinesis handler enriches purchases (batched reads); nothing in the pipeline writes customers.
        props.tables().table(Table.CUSTOMERS).grantReadData(kinesisHandler.role());
        // The Kinesis handler's event source mapping grants it kinesis:ListShards, which a reshard's
        // hand-over needs; the sweeper only ticks shards it already holds and needs nothing from the stream.
        props.alertsTopic().grantPublish(alertPublisher.role());
    }

    static Map<String, String> environment(Props props) {
        Map<String, String> env = new LinkedHashMap<>(props.config().toEnvironment());
        for (Table table : Table.values()) {
            env.put(FunctionEnvironment.tableName(table), props.tables().table(table).getTableName());
        }
        env.put(FunctionEnvironment.STREAM_NAME, props.stream().getStreamName());
        env.put(FunctionEnvironment.ALERTS_TOPIC_ARN, props.alertsTopic().getTopicArn());
        env.put(FunctionEnvironment.POWERTOOLS_SERVICE_NAME, FunctionEnvironment.SERVICE);
        return env;
    }

    public HandlerFunction kinesisHandler() {
        return kinesisHandler;
    }

    public HandlerFunction sweeper() {
        return sweeper;
    }

    public HandlerFunction alertPublisher() {
        return alertPublisher;
    }

    /**
     * The dead-letter queue of every function's asynchronous invocations ({@link FailedInvocations}): the
     * sweeper's scheduled ones, and any an operator makes. The Kinesis handler and the alert publisher are
     * invoked synchronously by their event source mappings, whose failures go to FailedBatches instead.
     */
    public IQueue failedInvocations() {
        return sweeper.deadLetters();
    }
}

package io.tidemark.infra;

import io.tidemark.config.FunctionEnvironment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Lambda handler of the pipeline: Java 21 on arm64 (Graviton, about 20 % cheaper per GB-second),
 * the JVM options of {@link FunctionEnvironment#JVM_OPTIONS}, SnapStart on published versions, invoked only through the alias {@value #ALIAS} (SnapStart
 * applies to versions, never to {@code $LATEST}). It has its own role with no managed policy:
 * permissions come from grants on the resources it uses, and logs go to its own log group (JSON
 * log format, so EMF metric lines and structured logs need no parsing rules).
 */
public final class HandlerFunction extends Construct {

    public static final String ALIAS = "live";

    /** Why no handler runs in a VPC (checkov CKV_AWS_117). */
    static final String NOT_IN_VPC_REASON = "No VPC on purpose: the handlers reach only AWS APIs (DynamoDB, SNS, Kinesis) over TLS "
            + "with IAM-signed requests and serve no network endpoint; a VPC would add interface endpoints for Kinesis and SNS "
            + "(billed per hour and AZ) or a NAT gateway, and protect nothing the roles and the key policy do not (docs/deploy.md).";

    /**
     * @param handler          e.g. {@code io.tidemark.handlers.KinesisHandler::handleRequest}
     * @param asyncRetries     retries of asynchronous invocations (empty: Lambda's default of 2)
     * @param removalPolicy    what {@code cdk destroy} does with its log group and the stack's {@link FailedInvocations} queue
     * @param key              encrypts the function's environment variables, its log group and {@link FailedInvocations}
     * @param concurrency      reserved concurrent executions, or why there are none
     */
    public record Props(String handler, String description, Code code, int memoryMb, Duration timeout,
                        Map<String, String> environment, RetentionDays logRetention, RemovalPolicy removalPolicy,
                        Optional<Integer> asyncRetries, IKey key, HandlerConcurrency concurrency) {
        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
            Objects.requireNonNull(asyncRetries, "asyncRetries");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(concurrency, "concurrency");
        }
    }

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final IQueue deadLetters;

    public HandlerFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.description())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .encryptionKey(props.key())
                .retention(props.logRetention())
                .removalPolicy(props.removalPolicy())
                .build();
        logs.grantWrite(role);
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(props.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(props.code())
                .memorySize(props.memoryMb())
                .timeout(software.amazon.awscdk.Duration.seconds(props.timeout().toSeconds()))
                .environment(withJvmOptions(props.environment()))
                .environmentEncryption(props.key())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON);
        List<CheckovSkips.Skip> skips = new ArrayList<>();
        skips.add(new CheckovSkips.Skip("CKV_AWS_117", NOT_IN_VPC_REASON));
        if (props.concurrency() instanceof HandlerConcurrency.Reserved reserved) {
            builder.reservedConcurrentExecutions(reserved.executions());
        } else if (props.concurrency() instanceof HandlerConcurrency.Unreserved unreserved) {
            skips.add(new CheckovSkips.Skip("CKV_AWS_115", unreserved.reason()));
        }
        // Every function, however its triggers invoke it: an asynchronous invocation that fails is kept, never dropped.
        // The dead-letter configuration grants the role sqs:SendMessage on this queue only; Lambda sends with the
        // function's role, and a message to a queue on the data key also needs a data key from KMS.
        this.deadLetters = FailedInvocations.of(this, props.key(), props.removalPolicy());
        builder.deadLetterQueueEnabled(true).deadLetterQueue(deadLetters);
        props.key().grant(role, "kms:GenerateDataKey", "kms:Decrypt");
        this.function = builder.build();
        CheckovSkips.apply(function, skips);
        // SnapStart needs published versions: the alias below publishes currentVersion.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every invocation goes through the alias '" + ALIAS + "' on the function's current version");
        Alias.Builder alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion());
        // Asynchronous invocations (the schedule) address the alias, so their retry setting lives there.
        props.asyncRetries().ifPresent(alias::retryAttempts);
        this.alias = alias.build();
    }

    /** The function's environment with the JVM options every handler starts with. */
    static Map<String, String> withJvmOptions(Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(FunctionEnvironment.JAVA_TOOL_OPTIONS, FunctionEnvironment.JVM_OPTIONS);
        return env;
    }

    /** What triggers invoke: the alias, so that every invocation runs a SnapStart version. */
    public IFunction live() {
        return alias;
    }

    public Function function() {
        return function;
    }

    public IRole role() {
        return role;
    }

    /** The stack's dead-letter queue of asynchronous invocations ({@link FailedInvocations}), shared by every function. */
    public IQueue deadLetters() {
        return deadLetters;
    }
}

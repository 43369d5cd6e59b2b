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
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.time.Duration;
import java.util.LinkedHashMap;
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

    /**
     * @param handler          e.g. {@code io.tidemark.handlers.KinesisHandler::handleRequest}
     * @param asyncRetries     retries of asynchronous invocations (empty: Lambda's default of 2)
     */
    public record Props(String handler, String description, Code code, int memoryMb, Duration timeout,
                        Map<String, String> environment, RetentionDays logRetention, RemovalPolicy logRemovalPolicy,
                        Optional<Integer> asyncRetries) {
        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(logRemovalPolicy, "logRemovalPolicy");
            Objects.requireNonNull(asyncRetries, "asyncRetries");
        }
    }

    private final Function function;
    private final Alias alias;
    private final Role role;

    public HandlerFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.description())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .removalPolicy(props.logRemovalPolicy())
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
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON);
        this.function = builder.build();
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
}

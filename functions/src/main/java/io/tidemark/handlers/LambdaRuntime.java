package io.tidemark.handlers;

import io.tidemark.aws.AwsClients;
import io.tidemark.config.PipelineConfig;
import io.tidemark.state.StateStore;
import io.tidemark.state.StepExecutor;
import io.tidemark.state.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

import java.util.Map;

/**
 * What the handlers' no-arg (Lambda) constructors share: settings from the function's environment
 * and SDK clients made once per container (static, so SnapStart snapshots them too).
 */
final class LambdaRuntime {

    private static volatile DynamoDbClient dynamo;
    private static volatile SnsClient sns;
    private static volatile StepExecutor executor;
    private static volatile BusinessMetrics metrics;

    private LambdaRuntime() {
    }

    static Map<String, String> env() {
        return System.getenv();
    }

    static PipelineConfig config() {
        return PipelineConfig.fromEnvironment(env());
    }

    static TableNames tables(PipelineConfig config) {
        return TableNames.fromEnvironment(config.tablePrefix(), env());
    }

    static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.fromEnvironment().dynamoDb();
        }
        return dynamo;
    }

    static synchronized SnsClient sns() {
        if (sns == null) {
            sns = AwsClients.fromEnvironment().sns();
        }
        return sns;
    }

    /** One executor per container: the Kinesis handler's shard cache lives in it. */
    static synchronized StepExecutor executor() {
        if (executor == null) {
            PipelineConfig config = config();
            executor = StepExecutor.forPipeline(StateStore.create(dynamo(), tables(config)), config);
        }
        return executor;
    }

    static synchronized BusinessMetrics metrics() {
        if (metrics == null) {
            metrics = new PowertoolsBusinessMetrics(MetricsFactory.getMetricsInstance(), config().tablePrefix(), System::currentTimeMillis);
        }
        return metrics;
    }

    static String required(String name) {
        String value = env().get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set: the CDK stack sets it on the function; "
                    + "set it yourself when running the handler elsewhere");
        }
        return value.trim();
    }
}

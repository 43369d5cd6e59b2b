package io.tidemark.handlers;

import io.tidemark.aws.AwsClients;
import io.tidemark.aws.KinesisShardListing;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StreamShards;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.util.ArrayList;
import java.util.List;
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
    /** org.crac holds registered resources weakly: these references keep the hooks alive. */
    private static final List<org.crac.Resource> SNAPSHOT_HOOKS = new ArrayList<>();

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
            executor = StepExecutor.forPipeline(StateStore.create(dynamo(), tables(config)), config, streamShards());
        }
        return executor;
    }

    /** The stream's shards as Kinesis lists them: where a reshard's lineage is learned. */
    static StreamShards streamShards() {
        String stream = env().get(FunctionEnvironment.STREAM_NAME);
        if (stream == null || stream.isBlank()) {
            return StreamShards.NONE;
        }
        return new KinesisShardListing(AwsClients.fromEnvironment(), stream.trim())::list;
    }

    static synchronized BusinessMetrics metrics() {
        if (metrics == null) {
            metrics = EmfBusinessMetrics.fromEnvironment(env(), config().tablePrefix(), System.out, System::currentTimeMillis);
        }
        return metrics;
    }

    /**
     * Runs {@code priming} before SnapStart's snapshot (a CRaC {@code beforeCheckpoint} hook, which
     * Lambda calls after initialization). Without CRaC (no SnapStart, local runs) nothing calls it.
     */
    static synchronized void beforeSnapshot(Runnable priming) {
        org.crac.Resource hook = new org.crac.Resource() {
            @Override
            public void beforeCheckpoint(org.crac.Context<? extends org.crac.Resource> context) {
                priming.run();
            }

            @Override
            public void afterRestore(org.crac.Context<? extends org.crac.Resource> context) {
                // nothing to redo: the SDK's HTTP client reconnects on first use after a restore
            }
        };
        SNAPSHOT_HOOKS.add(hook);
        org.crac.Core.getGlobalContext().register(hook);
    }

    /**
     * Whether Lambda initializes this container before any invocation is waiting for it
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}): then priming during init costs
     * no request anything, and spares the first one. (SnapStart's {@code snap-start} primes in its
     * checkpoint hook instead; {@code on-demand} has a request waiting.)
     */
    static boolean initializedAheadOfTraffic() {
        return "provisioned-concurrency".equals(env().get("AWS_LAMBDA_INITIALIZATION_TYPE"));
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

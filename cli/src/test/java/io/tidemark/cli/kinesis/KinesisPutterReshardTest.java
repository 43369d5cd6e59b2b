package io.tidemark.cli.kinesis;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream is split (2 → 4 shards, kinesis-mock's uniform scaling) while the lanes hold records:
 * calls are refused as throttled from the moment some records landed until the split is done, so
 * the first half of the input waits in the parents' lanes. The putter learns of the split from
 * where records land, lists the shards again, and the children's lanes take over the parents'
 * unsettled records. Read back parent first, then child — as the pipeline reads them — every key is
 * in input order and no record is more than the bound out of order.
 */
@ExtendWith(EmulatorStack.class)
class KinesisPutterReshardTest {

    private static final Duration BOUND = Duration.ofSeconds(1);

    @Test
    void aSplitWhileRecordsAreInFlightKeepsEachKeyAndEachShardInOrder(Endpoints endpoints) throws Exception {
        List<byte[]> input = KinesisPutterThrottlingTest.denseTraffic(4_000, new Random(3));
        Refuser refuser = new Refuser();
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis();
             KinesisAsyncClient async = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesisAsync(8,
                     o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(refuser))) {
            String stream = TestStreams.create(kinesis, "resharded", 2);
            CountDownLatch someLanded = new CountDownLatch(1);
            AtomicLong landed = new AtomicLong();

            PutStats stats;
            KinesisPutter.Settings settings = KinesisPutter.Settings.defaults(stream).withMaxDisorder(BOUND).withMaxAttempts(100)
                    .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100));
            try (KinesisPutter putter = KinesisPutter.start(async, settings, n -> {
                if (landed.addAndGet(n) >= 300 && someLanded.getCount() > 0) {
                    refuser.refusing = true;
                    someLanded.countDown();
                }
            })) {
                for (int i = 0; i < input.size(); i++) {
                    if (i == input.size() / 2) {
                        // Half the input is queued, some of it landed, the rest waits: split every shard under the lanes.
                        assertThat(someLanded.await(2, TimeUnit.MINUTES)).isTrue();
                        kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
                        TestStreams.awaitActive(kinesis, stream);
                        refuser.refusing = false;
                    }
                    ShardOrder.Event event = ShardOrder.Event.parse(input.get(i));
                    putter.add(OutgoingRecord.event(event.userId(), input.get(i), i + 1, event.time()));
                }
                stats = putter.finish();
            }

            ShardOrder.ReadBack readBack = ShardOrder.readBack(kinesis, stream);
            List<ShardOrder> shards = readBack.measure(input);
            System.out.printf("put order across a split: %d records in %d calls, %d reshard(s) followed%n  %s%n", stats.sent(),
                    stats.requests(), stats.reshards(), String.join("\n  ", shards.stream().map(ShardOrder::toString).toList()));
            assertThat(stats.failed()).as("%s", stats.failures().stream().limit(3).toList()).isZero();
            assertThat(stats.reshards()).as("the putter followed the split").isPositive();
            assertThat(readBack.shards().stream().filter(s -> s.parentShardId() != null)).hasSize(4);
            assertThat(readBack.all()).hasSize(input.size());
            assertThat(readBack.all().stream().map(ShardOrder.Event::eventId).distinct()).hasSize(input.size());
            List<String> children = readBack.shards().stream().filter(s -> s.parentShardId() != null).map(Shard::shardId).toList();
            assertThat(shards.stream().filter(s -> children.contains(s.shardId())).mapToInt(ShardOrder::records).sum())
                    .as("records landed on the children").isPositive();
            assertThat(shards).allSatisfy(shard -> {
                assertThat(shard.keysOutOfOrder()).as(shard.toString()).isZero();
                assertThat(shard.addedDisorder()).as(shard.toString()).isLessThanOrEqualTo(BOUND);
            });
        }
    }

    /** Refuses every PutRecords call as throttled while {@link #refusing}. */
    static final class Refuser implements ExecutionInterceptor {
        volatile boolean refusing;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (refusing && context.request() instanceof PutRecordsRequest) {
                throw KinesisException.builder().statusCode(400).message("Rate exceeded for shard")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                                .errorMessage("Rate exceeded for shard").build()).build();
            }
        }
    }
}

package io.tidemark.cli.kinesis;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling injected between the producer and kinesis-mock (which never throttles): whole
 * PutRecords calls refused with ProvisionedThroughputExceededException, and partly failed calls
 * where some entries are held back and answered as throttled. Every record must still arrive,
 * exactly once, and the counts must say what happened.
 */
@ExtendWith(EmulatorStack.class)
class KinesisPutterThrottlingTest {

    @Test
    void everyRecordArrivesExactlyOnceDespiteThrottling(Endpoints endpoints) throws Exception {
        Throttler throttler = new Throttler(new Random(42), 0.2, 0.3);
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis();
             KinesisAsyncClient async = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesisAsync(8, o -> o
                     .retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(throttler))) {
            String stream = "throttled-" + UUID.randomUUID();
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));

            PutStats stats;
            try (KinesisPutter putter = new KinesisPutter(async, new KinesisPutter.Settings(stream, 4, 30, Duration.ofMillis(5),
                    Duration.ofMillis(50)), n -> { })) {
                for (int i = 0; i < 3_000; i++) {
                    putter.add(new OutgoingRecord("user-" + (i % 97), ("record-" + i).getBytes(StandardCharsets.UTF_8), i + 1));
                }
                stats = putter.finish();
            }

            assertThat(stats.sent()).isEqualTo(3_000);
            assertThat(stats.failed()).isZero();
            assertThat(stats.throttled()).as("throttling happened").isPositive();
            assertThat(stats.retried()).isEqualTo(throttler.heldBack.get() + throttler.refusedRecords.get());
            Map<String, Integer> seen = new HashMap<>();
            kinesis.listShards(b -> b.streamName(stream)).shards().forEach(shard -> {
                String it = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (it != null) {
                    String current = it;
                    var page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                    page.records().forEach(r -> seen.merge(r.data().asUtf8String(), 1, Integer::sum));
                    it = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            });
            assertThat(seen).hasSize(3_000);
            assertThat(seen.values()).allMatch(n -> n == 1);
        }
    }

    /** Refuses some calls outright and holds back some entries of others, answering them as throttled. */
    static final class Throttler implements ExecutionInterceptor {
        private static final ExecutionAttribute<boolean[]> HELD = new ExecutionAttribute<>("held-back");
        private final Random random;
        private final double refuseCall;
        private final double holdEntry;
        final AtomicInteger heldBack = new AtomicInteger();
        final AtomicInteger refusedRecords = new AtomicInteger();

        Throttler(Random random, double refuseCall, double holdEntry) {
            this.random = random;
            this.refuseCall = refuseCall;
            this.holdEntry = holdEntry;
        }

        @Override
        public synchronized SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PutRecordsRequest put)) {
                return context.request();
            }
            if (random.nextDouble() < refuseCall) {
                refusedRecords.addAndGet(put.records().size());
                throw KinesisException.builder().statusCode(400).message("Rate exceeded for shard")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                                .errorMessage("Rate exceeded for shard").build()).build();
            }
            boolean[] held = new boolean[put.records().size()];
            List<PutRecordsRequestEntry> kept = new ArrayList<>();
            for (int i = 0; i < held.length; i++) {
                held[i] = random.nextDouble() < holdEntry;
                if (held[i]) {
                    heldBack.incrementAndGet();
                } else {
                    kept.add(put.records().get(i));
                }
            }
            if (kept.isEmpty()) { // PutRecords needs at least one entry: let the first through
                held[0] = false;
                heldBack.decrementAndGet();
                kept.add(put.records().get(0));
            }
            attributes.putAttribute(HELD, held);
            return put.toBuilder().records(kept).build();
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            boolean[] held = attributes.getAttribute(HELD);
            if (held == null || !(context.response() instanceof PutRecordsResponse response)) {
                return context.response();
            }
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int next = 0;
            int failed = response.failedRecordCount() == null ? 0 : response.failedRecordCount();
            for (boolean h : held) {
                if (h) {
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("Rate exceeded for shard").build());
                    failed++;
                } else {
                    results.add(response.records().get(next++));
                }
            }
            return response.toBuilder().records(results).failedRecordCount(failed).build();
        }
    }
}

package io.tidemark.cli.kinesis;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.events.Event;
import io.tidemark.events.EventJson;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling injected between the producer and kinesis-mock (which never throttles): whole
 * PutRecords calls refused with ProvisionedThroughputExceededException, and partly failed calls
 * where some entries are held back and answered as throttled. Every record must still arrive,
 * exactly once, each user's records in input order, none more than the bound out of order on its
 * shard beyond the input's own disorder — at any concurrency — and the counts must say what happened.
 */
@ExtendWith(EmulatorStack.class)
class KinesisPutterThrottlingTest {

    private static final Duration BOUND = Duration.ofSeconds(1);

    @Test
    void everyRecordArrivesExactlyOnceDespiteThrottling(Endpoints endpoints) throws Exception {
        Throttler throttler = new Throttler(new Random(42), 0.2, 0.3);
        List<byte[]> input = denseTraffic(3_000, new Random(1));
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis();
             KinesisAsyncClient async = throttled(endpoints, throttler)) {
            String stream = createStream(kinesis);

            PutStats stats = put(async, stream, 4, input);

            assertThat(stats.sent()).isEqualTo(input.size());
            assertThat(stats.failed()).isZero();
            assertThat(stats.throttled()).as("throttling happened").isPositive();
            assertThat(stats.retried()).isEqualTo(throttler.heldBack.get() + throttler.refusedRecords.get());
            Map<String, Integer> seen = new HashMap<>();
            ShardOrder.readBack(kinesis, stream).all().forEach(e -> seen.merge(e.eventId(), 1, Integer::sum));
            assertThat(seen).hasSize(input.size());
            assertThat(seen.values()).allMatch(n -> n == 1);
        }
    }

    /**
     * The measurement docs/cli.md quotes: each shard read back and compared, record by record, with
     * the input over its hash keys. Prints one line per case.
     */
    @ParameterizedTest(name = "concurrency {0}, throttled: {1}")
    @CsvSource({"1, false", "4, false", "16, false", "1, true", "4, true", "16, true"})
    void eachShardKeepsItsOrderWithinTheBound(int concurrency, boolean throttled, Endpoints endpoints) throws Exception {
        Throttler throttler = new Throttler(new Random(concurrency), throttled ? 0.2 : 0, throttled ? 0.3 : 0);
        List<byte[]> input = denseTraffic(3_000, new Random(7));
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis();
             KinesisAsyncClient async = throttled(endpoints, throttler)) {
            String stream = createStream(kinesis);

            long began = System.nanoTime();
            PutStats stats = put(async, stream, concurrency, input);
            double seconds = (System.nanoTime() - began) / 1e9;

            ShardOrder.ReadBack readBack = ShardOrder.readBack(kinesis, stream);
            List<ShardOrder> shards = readBack.measure(input);
            System.out.printf("put order, concurrency %d, %s: %d records in %d calls (%.1f s), %d retried%n  %s%n", concurrency,
                    throttled ? "throttled" : "not throttled", stats.sent(), stats.requests(), seconds, stats.retried(),
                    String.join("\n  ", shards.stream().map(ShardOrder::toString).toList()));
            assertThat(stats.sent()).isEqualTo(input.size());
            assertThat(readBack.all()).hasSize(input.size());
            assertThat(shards).allSatisfy(shard -> {
                assertThat(shard.keysOutOfOrder()).as(shard.toString()).isZero();
                assertThat(shard.addedDisorder()).as(shard.toString()).isLessThanOrEqualTo(BOUND);
            });
            if (throttled) {
                assertThat(stats.retried()).isPositive();
                assertThat(shards).as("the retries did put records out of order (within the bound): the measurement sees it")
                        .anyMatch(shard -> shard.addedDisorder().compareTo(Duration.ZERO) > 0);
            }
        }
    }

    private static PutStats put(KinesisAsyncClient async, String stream, int concurrency, List<byte[]> input) throws InterruptedException {
        KinesisPutter.Settings settings = KinesisPutter.Settings.defaults(stream).withConcurrency(concurrency).withMaxAttempts(30)
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).withMaxDisorder(BOUND);
        try (KinesisPutter putter = KinesisPutter.start(async, settings, n -> { })) {
            long line = 0;
            for (byte[] data : input) {
                ShardOrder.Event event = ShardOrder.Event.parse(data);
                putter.add(OutgoingRecord.event(event.userId(), data, ++line, event.time()));
            }
            return putter.finish();
        }
    }

    /**
     * Page views of 1 000 users, 2 ms of event time apart (500 a second: full calls fit within the
     * bound, so several are in flight at once), a third of them up to 3 s late.
     */
    static List<byte[]> denseTraffic(int count, Random random) {
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long late = random.nextInt(3) == 0 ? random.nextInt(3_000) : 0;
            Event event = Event.pageView("e" + i, "u" + random.nextInt(1_000), start.plusMillis(2L * i - late), "/p/" + i);
            out.add(EventJson.toBytes(event));
        }
        return out;
    }

    private static KinesisAsyncClient throttled(Endpoints endpoints, Throttler throttler) {
        return ToolClients.forEndpoints(endpoints.asEnvironment()).kinesisAsync(32, o -> o
                .retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(throttler));
    }

    private static String createStream(KinesisClient kinesis) throws InterruptedException {
        return TestStreams.create(kinesis, "throttled", 2);
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

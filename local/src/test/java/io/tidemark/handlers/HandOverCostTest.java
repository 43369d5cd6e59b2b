package io.tidemark.handlers;

import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.CachingCustomerDirectory;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.testkit.SyntheticTraffic;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a split costs in DynamoDB capacity (write units computed by DynamoDB's rules): the parent's end
 * entry and head, each child's snapshot of step 0 and head, the lineage — dominated by the children's
 * snapshots, once per reshard — and the reads that load the parent. Printed for docs/state.md.
 */
class HandOverCostTest {

    private static final String PARENT = "shardId-000000000000";

    @Test
    void aSplitCostsAboutTheChildrensSnapshots() {
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(7).withUsers(2_000).withEvents(20_000)
                .withSpan(Duration.ofMinutes(30)).withRealisticSequenceNumbers());
        int cut = records.size() - 10;
        List<HashKeyRange> halves = HashKeyRange.all().splitAt(BigInteger.ONE.shiftLeft(127));
        ShardLineage left = new ShardLineage("shardId-000000000001", List.of(PARENT), halves.get(0));
        ShardLineage right = new ShardLineage("shardId-000000000002", List.of(PARENT), halves.get(1));
        TableNames tables = TestStores.freshTables("handovercost");
        WriteMeter meter = new WriteMeter();
        ItemStore items = TestStores.items(tables, meter);
        StateStore store = StateStore.on(items);
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(tables.prefix());
        StepExecutor executor = new StepExecutor(store, new ShardProcessor(config.coreSettings()),
                new CachingCustomerDirectory(store.customers(), CustomerCacheSettings.defaults()),
                () -> List.of(ShardLineage.root(PARENT, HashKeyRange.all()), left, right));
        TestClock clock = new TestClock(records.get(cut).approximateArrival());
        Pipeline p = new Pipeline(executor, config, clock);
        AtomicReference<StepExecutor.HandedOver> handOver = new AtomicReference<>();
        executor.onHandOver(handOver::set);

        for (int from = 0; from < cut; from += 500) {
            deliver(p, PARENT, records.subList(from, Math.min(cut, from + 500)));
        }
        List<StreamRecord> first = new ArrayList<>();
        for (StreamRecord r : records.subList(cut, records.size())) {
            if (left.range().holds(r.partitionKey())) {
                first.add(r);
            }
        }
        executor.clearCache();
        deliver(p, left.shardId(), first);

        StepExecutor.HandedOver done = handOver.get();
        assertThat(done).as("the child's first batch handed the parent over").isNotNull();
        int usersHandedOver = done.children().values().stream().mapToInt(Integer::intValue).sum();
        long snapshotBytes = store.snapshots().latest(left.shardId()).orElseThrow().data().length
                + store.snapshots().latest(right.shardId()).orElseThrow().data().length;
        System.out.printf("hand-over of a split: %d users (%d + %d), children's snapshots %d bytes, %.0f write units, %.1f read units%n",
                usersHandedOver, done.children().get(left.shardId()), done.children().get(right.shardId()), snapshotBytes,
                done.cost().writeUnits(), done.cost().readUnits());
        assertThat(usersHandedOver).as("users with open state at the split").isGreaterThan(200);
        // The children's snapshots (a unit per started KB), their heads, the parent's end entry and head, its last step's
        // effects written again as any load does, the lineage: dominated by the snapshots, never many times them.
        double snapshotUnits = Math.ceil(snapshotBytes / 1024.0);
        assertThat(done.cost().writeUnits()).isGreaterThanOrEqualTo(snapshotUnits + 4).isLessThanOrEqualTo(3 * snapshotUnits);
        assertThat(done.cost().readUnits()).as("loading the parent").isPositive();
    }

    private static void deliver(Pipeline p, String shard, List<StreamRecord> records) {
        assertThat(p.kinesis.handleRequest(KinesisEvents.event(shard, records), null).getBatchItemFailures()).isEmpty();
    }
}

package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.report.Report;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.CachingCustomerDirectory;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.local.failures.FailedBatch;
import io.tidemark.local.failures.Redrive;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticTraffic;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed batches taken in again through the real Kinesis handler and the state port: a stream split and
 * merged at random while the input flows, read as Lambda's mapping reads it, except that some batches fail
 * for good (Lambda gives up and moves on, so later batches of the same users mark their keys above the
 * failed records). Each failed batch is redriven later — often after its shard ended and handed its users
 * over to children — and then once more. Every redriven record must be judged and counted (never skipped
 * by the marks), the second redrive must change nothing, and at the end of input the views must equal the
 * brute-force reference of every record once, in the order the pipeline applied them; reading the whole stream
 * again (a replay over the same tables) must change nothing, redriven records included. The allowed
 * lateness is a day, so that a record redriven long after its neighbours is judged on its own merits (a
 * duplicate, a rejected record or an accepted one) rather than late.
 */
class RedriveTest {

    private record Failed(FailedBatch batch, List<SourceRecord> records) {
    }

    @Property(tries = 20)
    void everyFailedBatchRedrivenIsJudgedOnceWhateverTheReshardsAndASecondRedriveChangesNothing(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int reshards) {
        Random rnd = new Random(seed);
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(3 + rnd.nextInt(15))
                .withEvents(150 + rnd.nextInt(250)).withRates(0.03, 0.03, 0.05).withRealisticSequenceNumbers());
        ReshardingStream stream = new ReshardingStream(records, reshards, rnd);
        StreamShards listing = stream.listing();

        TableNames tables = TestStores.freshTables("redrive" + Math.floorMod(seed, 1_000_000));
        TestClock clock = new TestClock(records.get(0).approximateArrival());
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(tables.prefix())
                .withEventTime(new EventTimeSettings(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofDays(1)));
        StateStore store = StateStore.on(TestStores.items(tables));
        ShardProcessor processor = new ShardProcessor(config.coreSettings());
        Pipeline pipeline = new Pipeline(new StepExecutor(store, processor,
                new CachingCustomerDirectory(store.customers(), CustomerCacheSettings.defaults()), listing), config, clock);
        Redrive redrive = new Redrive(pipeline.kinesis, store, processor, "us-east-1");

        List<StreamRecord> applied = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        List<Failed> redrivenOnce = new ArrayList<>();
        while (stream.anyDeliverable()) {
            ReshardingStream.Shard shard = stream.pickDeliverable(rnd);
            int to = Math.min(shard.records.size(), shard.cursor + 1 + rnd.nextInt(30));
            List<StreamRecord> batch = shard.records.subList(shard.cursor, to);
            if (rnd.nextInt(6) == 0) {
                // Lambda gives up on this batch and moves on: the on-failure record names it, the stream keeps its records.
                failed.add(failure(shard.lineage.shardId(), batch));
            } else {
                KinesisEvent event = KinesisEvents.event(shard.lineage.shardId(), batch);
                assertThat(pipeline.kinesis.handleRequest(event, null).getBatchItemFailures()).isEmpty();
                applied.addAll(batch);
            }
            shard.cursor = to;
            clock.advance(1 + rnd.nextInt(20));
            if (!failed.isEmpty() && rnd.nextInt(5) == 0) {
                Failed f = failed.remove(rnd.nextInt(failed.size()));
                assertJudgedOnce(redrive.redrive(f.batch(), f.records()), f);
                applied.addAll(streamRecords(f, records));
                redrivenOnce.add(f);
            }
            if (!redrivenOnce.isEmpty() && rnd.nextInt(5) == 0) {
                assertNothingChanges(redrive, redrivenOnce.get(rnd.nextInt(redrivenOnce.size())), pipeline);
            }
        }
        for (Failed f : failed) {
            assertJudgedOnce(redrive.redrive(f.batch(), f.records()), f);
            applied.addAll(streamRecords(f, records));
            redrivenOnce.add(f);
        }
        for (Failed f : redrivenOnce) {
            assertNothingChanges(redrive, f, pipeline);
        }
        // A fresh consumer reads the whole stream again (a replay over the same tables): redriven records included, it changes nothing.
        Report beforeReread = pipeline.report();
        for (ReshardingStream.Shard shard : stream.shards) {
            for (int from = 0; from < shard.records.size(); from += 50) {
                KinesisEvent event = KinesisEvents.event(shard.lineage.shardId(), shard.records.subList(from, Math.min(shard.records.size(), from + 50)));
                assertThat(pipeline.kinesis.handleRequest(event, null).getBatchItemFailures()).isEmpty();
            }
        }
        assertThat(pipeline.report()).as("the stream read again").isEqualTo(beforeReread);
        pipeline.sweeper.endOfInput();

        Report report = pipeline.report();
        assertThat(applied).hasSameSizeAs(records);
        assertThat(report).isEqualTo(ReferencePipeline.run(applied));
        assertThat(pipeline.errors()).isEmpty();
    }

    private static void assertJudgedOnce(Redrive.Outcome outcome, Failed f) {
        StepCounts c = outcome.counts();
        assertThat(c.skipped()).as("no record of %s is skipped by the marks", f.batch().name()).isZero();
        assertThat(c.accepted() + c.duplicates() + c.rejected() + c.late()).isEqualTo(f.records().size());
        assertThat(outcome.alreadyTakenIn()).isEmpty();
    }

    private static void assertNothingChanges(Redrive redrive, Failed f, Pipeline pipeline) {
        Report before = pipeline.report();
        Redrive.Outcome again = redrive.redrive(f.batch(), f.records());
        assertThat(again.committed()).as("%s redriven again", f.batch().name()).isEmpty();
        assertThat(again.counts().skipped()).isEqualTo(f.records().size());
        assertThat(pipeline.report()).isEqualTo(before);
    }

    private static Failed failure(String shardId, List<StreamRecord> batch) {
        List<SourceRecord> records = new ArrayList<>();
        for (StreamRecord r : batch) {
            records.add(new SourceRecord(shardId, r.sequenceNumber(), r.partitionKey(), KinesisEvents.data(r),
                    Instant.ofEpochMilli(r.approximateArrival())));
        }
        FailedBatch info = new FailedBatch("m-" + shardId + "-" + batch.get(0).sequenceNumber(), null, FailedBatch.Source.KINESIS,
                "RetryAttemptsExhausted", shardId, batch.get(0).sequenceNumber(), batch.get(batch.size() - 1).sequenceNumber(), batch.size(),
                "arn:aws:kinesis:us-east-1:000000000000:stream/tidemark-test", Instant.now(), null, 6, "{}");
        return new Failed(info, records);
    }

    private static List<StreamRecord> streamRecords(Failed f, List<StreamRecord> all) {
        List<String> sequences = f.records().stream().map(SourceRecord::sequenceNumber).toList();
        return all.stream().filter(r -> sequences.contains(r.sequenceNumber()))
                .sorted(Comparator.comparingInt(r -> sequences.indexOf(r.sequenceNumber()))).toList();
    }
}

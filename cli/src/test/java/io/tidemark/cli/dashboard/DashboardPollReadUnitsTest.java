package io.tidemark.cli.dashboard;

import io.tidemark.config.PipelineConfig;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.events.EventJson;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.local.LocalPipeline;
import io.tidemark.local.StateBackend;
import io.tidemark.local.store.InMemoryDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read units of one poll of the dashboard (docs/dashboard.md, "How it reads"), on the embedded store, which charges
 * every query by DynamoDB's rules: a poll with nothing new reads the head rows and, for each shard, its newest commit
 * after its row (one item, Limit 1); a poll after every shard stepped also reads the open pages and each shard's new
 * sessions and alerts rows.
 */
class DashboardPollReadUnitsTest {

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 4})
    void aPollReadsTheHeadsAndEachShardsNewestCommitAndMoreOnlyAfterSteps(int shards) throws Exception {
        GeneratorSettings d = GeneratorSettings.defaults(7);
        GeneratorSettings settings = new GeneratorSettings(7, 400, 8_000, GeneratorSettings.DEFAULT_START, Duration.ofHours(2), d.abandonRate(), 0, 0, 0,
                0, d.maxDelay(), d.delayDistribution(), d.lateDelayMin(), d.lateDelayMax());
        List<byte[]> records = new TrafficGenerator(settings).generate().stream().filter(r -> r.kind() != GeneratedRecord.Kind.INVALID)
                .map(r -> EventJson.toJson(r.event()).getBytes(StandardCharsets.UTF_8)).toList();
        Clock clock = Clock.fixed(GeneratorSettings.DEFAULT_START.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        InMemoryDatabase database = new InMemoryDatabase(clock);
        try (LocalPipeline pipeline = LocalPipeline.builder(StateBackend.embedded(database), PipelineConfig.defaults()).shards(shards).clock(clock)
                .build()) {
            int firstPart = records.size() * 3 / 4;
            feed(pipeline, records.subList(0, firstPart));
            WriteMeter meter = new WriteMeter();
            IncrementalViewsReader reader = new IncrementalViewsReader(StateStore.on(database.items(pipeline.tables(), meter)), ViewSettings.spec());
            long now = clock.millis();

            double first = poll(reader, meter, now);
            double idle = poll(reader, meter, now);
            double idleAgain = poll(reader, meter, now);
            feed(pipeline, records.subList(firstPart, records.size()));
            double stepped = poll(reader, meter, now);
            double idleAfter = poll(reader, meter, now);
            System.out.printf("dashboard poll read units, %d shard(s): first %.1f, nothing new %.1f and %.1f, after every shard stepped %.1f, "
                    + "nothing new again %.1f%n", shards, first, idle, idleAgain, stepped, idleAfter);

            assertThat(idle).as("nothing new: the head rows, then each shard's newest commit, each query at least 1 unit").isGreaterThanOrEqualTo(1 + shards);
            assertThat(idleAgain).as("a poll with nothing new reads the same again").isEqualTo(idle);
            assertThat(stepped).as("after steps: the open pages, new sessions and alerts rows on top").isGreaterThan(idle);
        }
    }

    private static void feed(LocalPipeline pipeline, List<byte[]> records) throws InterruptedException {
        for (byte[] r : records) {
            pipeline.accept(PartitionKeys.of(r), r);
        }
        pipeline.flush();
    }

    private static double poll(IncrementalViewsReader reader, WriteMeter meter, long now) {
        double before = meter.snapshot().readUnits();
        reader.read(now);
        return meter.snapshot().readUnits() - before;
    }
}

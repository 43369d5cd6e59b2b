package io.tidemark.core;

import io.tidemark.core.report.Report;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.ShardedSimulation;
import io.tidemark.testkit.ShardedSimulation.Reshard;
import io.tidemark.testkit.SyntheticTraffic;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer does not depend on how the stream happens to be sharded: splits at random hash keys and
 * merges, several in a row, at any point of the input — shards that close before they receive a
 * record included — with retries, ticks and crashes, still give the brute-force reference, which
 * knows nothing of shards. Producers also retry a record across a reshard (the copy lands on the
 * child): it is a duplicate there, as on one shard. A user's counted orders move with the user; with a
 * short order memory they leave memory for the archive, which a purchase on another shard then asks.
 */
class ReshardEqualsReferenceProperties {

    private static final CoreSettings SETTINGS = CoreSettings.defaults();
    /** Order memories: none (every repeat asks the archive), a few minutes (some leave memory mid-input), the default. */
    private static final List<Duration> ORDER_MEMORIES = List.of(Duration.ZERO, Duration.ofMinutes(3), CoreSettings.DEFAULT_ORDER_MEMORY);

    @Property(tries = 200)
    void anyScheduleOfSplitsAndMergesGivesTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int users,
                                                       @ForAll @IntRange(min = 20, max = 400) int events,
                                                       @ForAll @IntRange(min = 1, max = 3) int shards,
                                                       @ForAll @IntRange(min = 1, max = 7) int reshards,
                                                       @ForAll @IntRange(min = 1, max = 60) int maxBatch,
                                                       @ForAll @IntRange(min = 0, max = 2) int orderMemory) {
        Random rnd = new Random(seed);
        CoreSettings settings = SETTINGS.withOrderMemory(ORDER_MEMORIES.get(orderMemory));
        List<StreamRecord> traffic = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(users).withEvents(events)
                .withMaxDisorder(SETTINGS.eventTime().watermarkDelay()));
        List<Reshard> schedule = schedule(rnd, traffic.size(), reshards);
        List<StreamRecord> records = retriedAcrossReshards(rnd, traffic, schedule);

        ShardedSimulation.Outcome outcome = ShardedSimulation.run(records, settings,
                ShardedSimulation.Options.of(rnd.nextLong(), shards, maxBatch).withReshards(schedule));

        assertThat(outcome.late()).as("out-of-orderness within the delay: nothing is late, resharded or not").isEmpty();
        Report report = outcome.report();
        assertThat(report).isEqualTo(ReferencePipeline.run(records));
        Report.Counts c = report.counts();
        assertThat(c.accepted() + c.duplicates() + c.rejected() + c.late()).as("every record counted once").isEqualTo(records.size());
    }

    /** Splits at random hash keys and merges, at random points of the input (several may fall on one point). */
    private static List<Reshard> schedule(Random rnd, int records, int count) {
        List<Reshard> schedule = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = rnd.nextInt(records + 1);
            BigInteger key = new BigInteger(128, rnd);
            schedule.add(rnd.nextInt(3) < 2 ? Reshard.split(at, key) : Reshard.merge(at, key));
        }
        return schedule;
    }

    /**
     * Some records just before a reshard are sent again right after it, as a producer retrying a
     * timed-out put does; sequence numbers then follow the new order (they grow along a shard).
     */
    private static List<StreamRecord> retriedAcrossReshards(Random rnd, List<StreamRecord> traffic, List<Reshard> schedule) {
        List<StreamRecord> out = new ArrayList<>(traffic);
        List<Integer> points = schedule.stream().map(Reshard::beforeRecord).sorted().toList();
        int inserted = 0;
        for (int point : points) {
            int at = point + inserted;
            if (at == 0 || at > out.size() || rnd.nextBoolean()) {
                continue;
            }
            StreamRecord before = out.get(at - 1);
            if (before.isValid()) {
                out.add(at, before);
                inserted++;
            }
        }
        List<StreamRecord> numbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            StreamRecord r = out.get(i);
            String seq = Integer.toString(i + 1);
            numbered.add(r.isValid() ? StreamRecord.valid(seq, r.partitionKey(), r.approximateArrival(), r.event(), r.data())
                    : StreamRecord.rejected(seq, r.partitionKey(), r.approximateArrival(), r.rejectionReasons(), r.data()));
        }
        return numbered;
    }

    @Property(tries = 50)
    void aReshardThatCutsEveryUsersTrafficInHalfKeepsSessionsCartsAndActiveUsers(@ForAll long seed,
                                                                                  @ForAll @IntRange(min = 2, max = 6) int levels) {
        // Every user is active on both sides of each reshard, with carts and sessions open across it.
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(8).withEvents(600)
                .withMaxDisorder(SETTINGS.eventTime().watermarkDelay()));
        Random rnd = new Random(seed);
        List<Reshard> schedule = new ArrayList<>();
        for (int level = 1; level <= levels; level++) {
            int at = records.size() * level / (levels + 1);
            schedule.add(level % 3 == 0 ? Reshard.merge(at, new BigInteger(128, rnd)) : Reshard.split(at, new BigInteger(128, rnd)));
        }

        ShardedSimulation.Outcome outcome = ShardedSimulation.run(records, SETTINGS,
                ShardedSimulation.Options.of(seed, 1, 40).withReshards(schedule));

        assertThat(outcome.late()).isEmpty();
        assertThat(outcome.report()).isEqualTo(ReferencePipeline.run(records));
        assertThat(outcome.states().values()).filteredOn(s -> s.ended()).as("handed-over parents").isNotEmpty();
    }
}

package io.tidemark.core;

import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.InMemoryCustomerDirectory;
import io.tidemark.core.report.Report;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.testkit.AdTraffic;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.ShardedSimulation;
import io.tidemark.testkit.SyntheticCustomers;
import io.tidemark.testkit.SyntheticTraffic;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two joins against brute-force references over random out-of-order streams, cut into random
 * batches on several shards with retries, ticks and crash/reloads: ad attribution (every click
 * checked against every impression, so a click that arrives before its impression, a click exactly
 * at the end of the window, ties and hour boundaries are all decided by the definition) and revenue
 * by customer tier (every counted order looked up in a plain map).
 */
class JoinsEqualReferenceProperties {

    private static final CoreSettings SETTINGS = CoreSettings.defaults(); // 2 min delay, 10 min lateness, 10 min attribution

    @Property(tries = 300)
    void adAttributionEqualsTheBruteForceIntervalJoin(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int users,
                                                      @ForAll @IntRange(min = 1, max = 4) int ads,
                                                      @ForAll @IntRange(min = 1, max = 250) int events,
                                                      @ForAll @IntRange(min = 1, max = 4) int shards,
                                                      @ForAll @IntRange(min = 1, max = 50) int maxBatch) {
        List<StreamRecord> records = AdTraffic.generate(seed, users, ads, events, SETTINGS.eventTime().watermarkDelay());
        Statistics.label("a click arrives before its impression").collect(AdTraffic.hasClickBeforeItsImpression(records));
        Statistics.label("a click arrives before its impression").coverage(c -> c.check(true).percentage(p -> p > 30));

        ShardedSimulation.Outcome outcome = ShardedSimulation.run(records, SETTINGS, ShardedSimulation.Options.of(seed * 17 + 3, shards, maxBatch));

        assertThat(outcome.late()).as("out-of-orderness within the watermark delay: nothing is late").isEmpty();
        Report expected = ReferencePipeline.run(records);
        assertThat(outcome.report().adAttribution()).isEqualTo(expected.adAttribution());
        assertThat(outcome.report()).isEqualTo(expected);
        assertThat(outcome.states().values()).as("join state is expired by the horizon: nothing is left at end of input")
                .allSatisfy(s -> assertThat(s.userCount()).isZero());
    }

    @Property(tries = 150)
    void beyondTheDelayLateImpressionsAndClicksAreLeftOutAndTheRestIsTheBruteForceJoin(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int users, @ForAll @IntRange(min = 1, max = 250) int events,
            @ForAll @IntRange(min = 1, max = 3) int shards, @ForAll @IntRange(min = 3, max = 25) int disorderMinutes) {
        List<StreamRecord> records = AdTraffic.generate(seed, users, 3, events, Duration.ofMinutes(disorderMinutes));

        ShardedSimulation.Outcome outcome = ShardedSimulation.run(records, SETTINGS,
                new ShardedSimulation.Options(seed ^ 0xA5A5L, shards, 30, 0.1, 0.05, 0.05, 1));

        Set<String> late = outcome.late().stream().map(l -> l.record().sequenceNumber()).collect(Collectors.toSet());
        Statistics.label("some records late").collect(!late.isEmpty());
        assertThat(outcome.report()).isEqualTo(ReferencePipeline.run(records, late));
    }

    @Property(tries = 200)
    void revenueByTierEqualsTheReferenceLookupAndAddsUpToTheRevenue(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int users,
                                                                   @ForAll @IntRange(min = 1, max = 400) int events,
                                                                   @ForAll @IntRange(min = 0, max = 100) int knownPercent,
                                                                   @ForAll @IntRange(min = 1, max = 4) int shards,
                                                                   @ForAll @IntRange(min = 1, max = 60) int maxBatch) {
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(users).withEvents(events)
                .withRates(0.05, 0.02, 0.3).withMaxDisorder(SETTINGS.eventTime().watermarkDelay()));
        List<Customer> customers = SyntheticCustomers.of(records, knownPercent / 100.0, seed);

        ShardedSimulation.Outcome outcome = ShardedSimulation.run(records, SETTINGS, ShardedSimulation.Options.of(seed + 1, shards, maxBatch),
                new InMemoryCustomerDirectory(customers));

        Report report = outcome.report();
        assertThat(report).isEqualTo(ReferencePipeline.run(records, Set.of(), SyntheticCustomers.tiers(customers)));
        Map<Instant, BigDecimal> byHour = new HashMap<>();
        Map<Instant, Long> ordersByHour = new HashMap<>();
        for (Report.TierRevenueWindow w : report.revenuePerHourByTier()) {
            byHour.merge(w.windowStart(), w.revenue(), BigDecimal::add);
            ordersByHour.merge(w.windowStart(), w.orders(), Long::sum);
        }
        for (Report.RevenueWindow w : report.revenuePerHour()) {
            assertThat(byHour.get(w.windowStart())).as("tiers of %s add up to its revenue", w.windowStart()).isEqualByComparingTo(w.revenue());
            assertThat(ordersByHour.get(w.windowStart())).isEqualTo(w.orders());
        }
        assertThat(byHour.keySet()).hasSameSizeAs(report.revenuePerHour());
        Statistics.label("an unknown customer bought").collect(report.revenuePerHourByTier().stream()
                .anyMatch(w -> w.tier().equals(Customer.UNKNOWN_TIER)));
    }
}

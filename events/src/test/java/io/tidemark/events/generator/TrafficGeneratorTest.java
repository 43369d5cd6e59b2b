package io.tidemark.events.generator;

import io.tidemark.events.Event;
import io.tidemark.events.EventType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrafficGeneratorTest {

    @Property(tries = 20)
    void theSameSeedGivesTheSameBytes(@ForAll long seed) {
        GeneratorSettings s = GeneratorSettings.defaults(seed).withUsers(20).withCount(2_000).withFaults(0.02, 0.1, 0.01, 0.02);
        assertThat(bytes(s)).isEqualTo(bytes(s));
    }

    @Test
    void differentSeedsGiveDifferentTraffic() {
        GeneratorSettings s = GeneratorSettings.defaults(1).withCount(500);
        assertThat(bytes(s)).isNotEqualTo(bytes(GeneratorSettings.defaults(2).withCount(500)));
    }

    @Test
    void ratesHoldWithinTolerance() {
        GeneratorSettings s = GeneratorSettings.defaults(42).withCount(200_000).withFaults(0.02, 0.1, 0.01, 0.03);
        List<GeneratedRecord> records = new TrafficGenerator(s).generate();
        Map<GeneratedRecord.Kind, Long> kinds = new HashMap<>();
        records.forEach(r -> kinds.merge(r.kind(), 1L, Long::sum));
        long distinct = kinds.getOrDefault(GeneratedRecord.Kind.VALID, 0L) + kinds.getOrDefault(GeneratedRecord.Kind.LATE, 0L);
        assertThat(distinct).isEqualTo(200_000);
        assertThat(kinds.get(GeneratedRecord.Kind.DUPLICATE) / (double) distinct).isCloseTo(0.02, within(0.002));
        assertThat(kinds.get(GeneratedRecord.Kind.LATE) / (double) distinct).isCloseTo(0.01, within(0.002));
        assertThat(kinds.get(GeneratedRecord.Kind.INVALID) / (double) distinct).isCloseTo(0.03, within(0.003));
        long purchases = records.stream().filter(r -> r.kind() == GeneratedRecord.Kind.VALID || r.kind() == GeneratedRecord.Kind.LATE)
                .filter(r -> r.event().type() == EventType.PURCHASE).count();
        assertThat(kinds.get(GeneratedRecord.Kind.ORDER_DUPLICATE) / (double) purchases).isCloseTo(0.1, within(0.015));
    }

    @Test
    void abandonmentRateIsTheShareOfCartsNeverBought() {
        GeneratorSettings s = GeneratorSettings.defaults(5).withCount(100_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GeneratorStats stats = new TrafficGenerator(s).writeTo(out);
        assertThat(stats.abandonedCarts() / (double) stats.carts()).isCloseTo(0.3, within(0.02));
        assertThat(stats.lines()).isEqualTo(out.toString().lines().count());
    }

    @Test
    void linesAreInArrivalOrderAndDisorderStaysWithinItsBound() {
        GeneratorSettings s = GeneratorSettings.defaults(9).withCount(50_000).withFaults(0.01, 0.05, 0.01, 0);
        List<GeneratedRecord> records = new TrafficGenerator(s).generate();
        long previousArrival = Long.MIN_VALUE;
        long maxDelay = s.maxDelay().toMillis();
        for (GeneratedRecord r : records) {
            assertThat(r.arrivalMillis()).isGreaterThanOrEqualTo(previousArrival);
            previousArrival = r.arrivalMillis();
            long delay = r.arrivalMillis() - r.event().eventTimeMillis();
            switch (r.kind()) {
                case VALID -> assertThat(delay).isBetween(0L, maxDelay);
                case LATE -> assertThat(delay).isBetween(s.lateDelayMin().toMillis(), s.lateDelayMax().toMillis());
                default -> assertThat(delay).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void duplicatesRepeatTheRecordAndRepeatedOrdersRepeatTheOrderUnderANewId() {
        GeneratorSettings s = GeneratorSettings.defaults(3).withCount(20_000).withFaults(0.05, 0.5, 0, 0);
        List<GeneratedRecord> records = new TrafficGenerator(s).generate();
        Map<String, Event> firstById = new HashMap<>();
        Map<String, Event> purchaseByOrder = new HashMap<>();
        Set<String> seenIds = new HashSet<>();
        for (GeneratedRecord r : records) {
            Event e = r.event();
            switch (r.kind()) {
                case VALID, LATE -> {
                    assertThat(seenIds.add(e.eventId())).as("distinct events have distinct ids").isTrue();
                    firstById.put(e.eventId(), e);
                    if (e.type() == EventType.PURCHASE) {
                        purchaseByOrder.put(e.orderId(), e);
                    }
                }
                case DUPLICATE -> assertThat(firstById.get(e.eventId())).as("a duplicate follows its original").isEqualTo(e);
                case ORDER_DUPLICATE -> {
                    Event original = purchaseByOrder.get(e.orderId());
                    assertThat(original).isNotNull();
                    assertThat(e.eventId()).isNotEqualTo(original.eventId());
                    assertThat(e.amount()).isEqualTo(original.amount());
                    assertThat(e.timestamp()).isEqualTo(original.timestamp());
                    assertThat(e.userId()).isEqualTo(original.userId());
                }
                case INVALID -> assertThat(r.invalidLine()).isNotBlank();
            }
        }
    }

    @Test
    void usersComeBackForSeveralSessionsAndClickAdsTheySaw() {
        GeneratorSettings s = GeneratorSettings.defaults(8).withUsers(50).withCount(20_000);
        List<GeneratedRecord> records = new TrafficGenerator(s).generate();
        Map<String, Long> firstEvent = new HashMap<>();
        Map<String, Long> lastEvent = new HashMap<>();
        long clicks = 0, clicksWithin10Min = 0;
        Map<String, Long> lastImpression = new HashMap<>();
        for (GeneratedRecord r : records.stream().sorted(java.util.Comparator.comparingLong(x -> x.event().eventTimeMillis())).toList()) {
            Event e = r.event();
            firstEvent.merge(e.userId(), e.eventTimeMillis(), Math::min);
            lastEvent.merge(e.userId(), e.eventTimeMillis(), Math::max);
            if (e.type() == EventType.AD_IMPRESSION) {
                lastImpression.put(e.userId() + "/" + e.adId(), e.eventTimeMillis());
            } else if (e.type() == EventType.AD_CLICK) {
                clicks++;
                Long seen = lastImpression.get(e.userId() + "/" + e.adId());
                if (seen != null && e.eventTimeMillis() - seen <= Duration.ofMinutes(10).toMillis()) {
                    clicksWithin10Min++;
                }
            }
        }
        long span = lastEvent.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - firstEvent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(Duration.ofMillis(span)).isGreaterThan(Duration.ofHours(10));
        assertThat(clicks).isPositive();
        assertThat(clicksWithin10Min / (double) clicks).isGreaterThan(0.8);
    }

    private static byte[] bytes(GeneratorSettings s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TrafficGenerator(s).writeTo(out);
        return out.toByteArray();
    }
}

package io.tidemark.events.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link TrafficGenerator} produces. Rates are fractions in [0, 1].
 *
 * @param seed               same seed, same bytes
 * @param users              number of distinct users
 * @param count              number of distinct valid events (duplicates and invalid lines come on top)
 * @param start              event time of the earliest visits
 * @param duration           if set, no visit starts after {@code start + duration} (may end before {@code count})
 * @param abandonRate        share of carts left without a purchase
 * @param duplicateRate      share of valid events sent twice (same record, shortly after, as a retrying producer does)
 * @param orderDuplicateRate share of purchases sent again under a new {@code event_id} (same order, amount and time)
 * @param lateRate           share of events that arrive {@code lateDelayMin..lateDelayMax} after their event time
 * @param invalidRate        invalid lines per valid event (corrupted copies with their own ids)
 * @param maxDelay           out-of-orderness bound of the other events: arrival = event time + delay ≤ maxDelay
 * @param delayDistribution  how that delay is drawn
 * @param lateDelayMin       smallest delay of a late event (well beyond watermark delay + allowed lateness)
 * @param lateDelayMax       largest delay of a late event
 */
public record GeneratorSettings(
        long seed,
        int users,
        long count,
        Instant start,
        Duration duration,
        double abandonRate,
        double duplicateRate,
        double orderDuplicateRate,
        double lateRate,
        double invalidRate,
        Duration maxDelay,
        DelayDistribution delayDistribution,
        Duration lateDelayMin,
        Duration lateDelayMax) {

    public enum DelayDistribution { UNIFORM, EXPONENTIAL }

    public static final Instant DEFAULT_START = Instant.parse("2026-11-23T10:00:00Z");

    public GeneratorSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(delayDistribution, "delayDistribution");
        Objects.requireNonNull(lateDelayMin, "lateDelayMin");
        Objects.requireNonNull(lateDelayMax, "lateDelayMax");
        require(users >= 1, "users must be ≥ 1, got " + users);
        require(count >= 0, "count must be ≥ 0, got " + count);
        require(duration == null || duration.compareTo(Duration.ofMinutes(1)) >= 0, "duration must be at least 1 minute, got " + duration);
        rate("abandon-rate", abandonRate);
        rate("duplicate-rate", duplicateRate);
        rate("order-duplicate-rate", orderDuplicateRate);
        rate("late-rate", lateRate);
        rate("invalid-rate", invalidRate);
        require(!maxDelay.isNegative(), "max-delay must be ≥ 0, got " + maxDelay);
        require(!lateDelayMin.isNegative() && lateDelayMax.compareTo(lateDelayMin) >= 0,
                "late delays must satisfy 0 ≤ min ≤ max, got " + lateDelayMin + " and " + lateDelayMax);
    }

    /** 1 000 users, 10 000 events from 2026-11-23T10:00Z, 30 % abandoned carts, clean traffic within 2 min of disorder. */
    public static GeneratorSettings defaults(long seed) {
        return new GeneratorSettings(seed, 1_000, 10_000, DEFAULT_START, null, 0.3, 0.0, 0.0, 0.0, 0.0, Duration.ofMinutes(2),
                DelayDistribution.UNIFORM, Duration.ofMinutes(30), Duration.ofMinutes(90));
    }

    public GeneratorSettings withUsers(int n) {
        return new GeneratorSettings(seed, n, count, start, duration, abandonRate, duplicateRate, orderDuplicateRate, lateRate,
                invalidRate, maxDelay, delayDistribution, lateDelayMin, lateDelayMax);
    }

    public GeneratorSettings withCount(long n) {
        return new GeneratorSettings(seed, users, n, start, duration, abandonRate, duplicateRate, orderDuplicateRate, lateRate,
                invalidRate, maxDelay, delayDistribution, lateDelayMin, lateDelayMax);
    }

    /** Duplicates, late and invalid records at the given rates, for testing the pipeline's defences. */
    public GeneratorSettings withFaults(double duplicates, double orderDuplicates, double late, double invalid) {
        return new GeneratorSettings(seed, users, count, start, duration, abandonRate, duplicates, orderDuplicates, late, invalid,
                maxDelay, delayDistribution, lateDelayMin, lateDelayMax);
    }

    private static void rate(String name, double value) {
        require(value >= 0 && value <= 1 && !Double.isNaN(value), name + " must be between 0 and 1, got " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

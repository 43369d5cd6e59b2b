package io.tidemark.cli.options;

import io.tidemark.events.generator.GeneratorSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;

/** The traffic generator's options, shared by {@code generate} and {@code put --generate} (a picocli mixin). */
public final class GeneratorOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000", description = "Distinct users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10000", description = "Distinct valid events; duplicates and invalid lines come on top (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop starting visits after this much event time (e.g. PT2H); may write fewer than --count.")
    Duration duration;

    @Option(names = "--start", paramLabel = "INSTANT", defaultValue = "2026-11-23T10:00:00Z", description = "Event time of the first visits (default ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--abandon-rate", paramLabel = "RATE", defaultValue = "0.3", description = "Share of carts left without buying (default ${DEFAULT-VALUE}).")
    double abandonRate;

    @Option(names = "--duplicate-rate", paramLabel = "RATE", defaultValue = "0", description = "Share of events sent twice with the same event_id (default ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--order-duplicate-rate", paramLabel = "RATE", defaultValue = "0", description = "Share of purchases sent again under a new event_id (default ${DEFAULT-VALUE}).")
    double orderDuplicateRate;

    @Option(names = "--late-rate", paramLabel = "RATE", defaultValue = "0", description = "Share of events arriving --late-delay-min..max after their event time (default ${DEFAULT-VALUE}).")
    double lateRate;

    @Option(names = "--invalid-rate", paramLabel = "RATE", defaultValue = "0", description = "Corrupted lines per valid event (default ${DEFAULT-VALUE}).")
    double invalidRate;

    @Option(names = "--max-delay", paramLabel = "DURATION", defaultValue = "PT2M", description = "Out-of-orderness bound of the other events (default ${DEFAULT-VALUE}, the default watermark delay).")
    Duration maxDelay;

    @Option(names = "--delay-distribution", paramLabel = "UNIFORM|EXPONENTIAL", defaultValue = "UNIFORM", description = "UNIFORM or EXPONENTIAL within --max-delay (default ${DEFAULT-VALUE}).")
    GeneratorSettings.DelayDistribution delayDistribution;

    @Option(names = "--late-delay-min", paramLabel = "DURATION", defaultValue = "PT30M", description = "Smallest delay of a late event (default ${DEFAULT-VALUE}).")
    Duration lateDelayMin;

    @Option(names = "--late-delay-max", paramLabel = "DURATION", defaultValue = "PT90M", description = "Largest delay of a late event (default ${DEFAULT-VALUE}).")
    Duration lateDelayMax;

    public GeneratorSettings settings() {
        return new GeneratorSettings(seed, users, count, start, duration, abandonRate, duplicateRate, orderDuplicateRate, lateRate,
                invalidRate, maxDelay, delayDistribution, lateDelayMin, lateDelayMax);
    }
}

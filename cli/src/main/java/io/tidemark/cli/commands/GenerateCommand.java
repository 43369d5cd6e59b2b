package io.tidemark.cli.commands;

import io.tidemark.cli.OutputOptions;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.GeneratorStats;
import io.tidemark.events.generator.TrafficGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code tidemark generate}: seeded, realistic traffic as JSON Lines. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes realistic e-commerce events as JSON Lines, in arrival order: browsing sessions, carts "
                + "(some abandoned), purchases, ad impressions and clicks; optionally out of order, duplicated, late or corrupted.",
                "The same --seed gives the same bytes. A summary goes to stderr."},
        footer = {"", "Examples:",
                "  tidemark generate --seed 7 --count 10000 > events.jsonl",
                "  tidemark generate --seed 11 --count 100000 --duplicate-rate 0.01 --late-rate 0.005 --invalid-rate 0.01 --out faults.jsonl"})
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--users", defaultValue = "1000", description = "Distinct users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--count", defaultValue = "10000", description = "Distinct valid events; duplicates and invalid lines come on top (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--duration", paramLabel = "ISO-8601",
            description = "Stop starting visits after this much event time (e.g. PT2H); may write fewer than --count.")
    Duration duration;

    @Option(names = "--start", defaultValue = "2026-11-23T10:00:00Z", description = "Event time of the first visits (default ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--abandon-rate", defaultValue = "0.3", description = "Share of carts left without buying (default ${DEFAULT-VALUE}).")
    double abandonRate;

    @Option(names = "--duplicate-rate", defaultValue = "0", description = "Share of events sent twice with the same event_id (default ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--order-duplicate-rate", defaultValue = "0", description = "Share of purchases sent again under a new event_id (default ${DEFAULT-VALUE}).")
    double orderDuplicateRate;

    @Option(names = "--late-rate", defaultValue = "0", description = "Share of events arriving --late-delay-min..max after their event time (default ${DEFAULT-VALUE}).")
    double lateRate;

    @Option(names = "--invalid-rate", defaultValue = "0", description = "Corrupted lines per valid event (default ${DEFAULT-VALUE}).")
    double invalidRate;

    @Option(names = "--max-delay", defaultValue = "PT2M", description = "Out-of-orderness bound of the other events (default ${DEFAULT-VALUE}, the default watermark delay).")
    Duration maxDelay;

    @Option(names = "--delay-distribution", defaultValue = "UNIFORM", description = "UNIFORM or EXPONENTIAL within --max-delay (default ${DEFAULT-VALUE}).")
    GeneratorSettings.DelayDistribution delayDistribution;

    @Option(names = "--late-delay-min", defaultValue = "PT30M", description = "Smallest delay of a late event (default ${DEFAULT-VALUE}).")
    Duration lateDelayMin;

    @Option(names = "--late-delay-max", defaultValue = "PT90M", description = "Largest delay of a late event (default ${DEFAULT-VALUE}).")
    Duration lateDelayMax;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        GeneratorSettings settings = new GeneratorSettings(seed, users, count, start, duration, abandonRate, duplicateRate,
                orderDuplicateRate, lateRate, invalidRate, maxDelay, delayDistribution, lateDelayMin, lateDelayMax);
        long began = System.nanoTime();
        GeneratorStats stats;
        if (out == null) {
            stats = new TrafficGenerator(settings).writeTo(System.out);
            System.out.flush();
        } else {
            try (OutputStream file = new FileOutputStream(out.toFile())) {
                stats = new TrafficGenerator(settings).writeTo(file);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        PrintStream err = System.err;
        if (output.json) {
            err.println(stats.toJson());
        } else {
            err.printf("tidemark generate: %d lines (%d on time, %d late, %d duplicates, %d repeated orders, %d invalid) "
                            + "from %d users, %d carts (%d abandoned), %d purchases in %.2f s%s%n",
                    stats.lines(), stats.valid(), stats.late(), stats.duplicates(), stats.orderDuplicates(), stats.invalid(),
                    stats.activeUsers(), stats.carts(), stats.abandonedCarts(), stats.purchases(), seconds,
                    out == null ? "" : " → " + out);
        }
        return 0;
    }
}

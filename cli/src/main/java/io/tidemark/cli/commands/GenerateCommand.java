package io.tidemark.cli.commands;

import io.tidemark.cli.options.GeneratorOptions;
import io.tidemark.cli.options.OutputOptions;
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

    @Mixin
    GeneratorOptions generator;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        GeneratorSettings settings = generator.settings();
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

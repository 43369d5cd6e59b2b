package io.tidemark.bench.input;

import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.GeneratorStats;
import io.tidemark.events.generator.TrafficGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A generated benchmark input: what {@code tidemark generate --seed S --count N --users U
 * --duplicate-rate … } writes, kept as a file so that every benchmark (and the Flink comparison) reads
 * the same bytes.
 *
 * @param file     the JSON Lines file
 * @param settings how it was generated
 * @param lines    its lines in arrival order
 */
public record BenchInput(Path file, GeneratorSettings settings, List<String> lines) {

    /** Realistic traffic with every kind of fault the pipeline defends against, at small rates. */
    public static GeneratorSettings withFaults(long seed, long events, int users) {
        return GeneratorSettings.defaults(seed).withCount(events).withUsers(users).withFaults(0.01, 0.05, 0.002, 0.002);
    }

    /** Generates into {@code dir} (reusing an identical earlier file: same settings, same bytes). */
    public static BenchInput generate(Path dir, GeneratorSettings settings) {
        Path file = dir.resolve(String.format("events-%d-seed%d-users%d-dup%s-orderdup%s-late%s-invalid%s.jsonl", settings.count(),
                settings.seed(), settings.users(), settings.duplicateRate(), settings.orderDuplicateRate(), settings.lateRate(),
                settings.invalidRate()));
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Path partial = dir.resolve(file.getFileName() + ".partial");
                try (OutputStream out = Files.newOutputStream(partial)) {
                    GeneratorStats ignored = new TrafficGenerator(settings).writeTo(out);
                }
                Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new BenchInput(file, settings, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the benchmark input " + file + ": " + e.getMessage(), e);
        }
    }

    /** The equivalent CLI command, for captions. */
    public String command() {
        GeneratorSettings s = settings;
        return String.format("tidemark generate --seed %d --count %d --users %d --duplicate-rate %s --order-duplicate-rate %s "
                        + "--late-rate %s --invalid-rate %s", s.seed(), s.count(), s.users(), s.duplicateRate(), s.orderDuplicateRate(),
                s.lateRate(), s.invalidRate());
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s lines (%s events of %s users; %s %% duplicates, %s %% repeated orders, %s %% late, "
                        + "%s %% invalid)", thousands(lines.size()), thousands(settings.count()), thousands(settings.users()),
                percent(settings.duplicateRate()), percent(settings.orderDuplicateRate()), percent(settings.lateRate()), percent(settings.invalidRate()));
    }

    /** 100 000, as the docs write numbers. */
    private static String thousands(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n).replace(',', ' ');
    }

    private static String percent(double rate) {
        return java.math.BigDecimal.valueOf(rate * 100).stripTrailingZeros().toPlainString();
    }
}

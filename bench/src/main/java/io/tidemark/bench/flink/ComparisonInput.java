package io.tidemark.bench.flink;

import io.tidemark.events.EventValidator;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSON Lines file both sides process, held in memory: one record per non-blank line, in arrival
 * order.
 *
 * @param file      where the records came from
 * @param generated the generator settings if this run wrote the file, else null
 * @param lines     the records' bytes (UTF-8, without the line break)
 * @param valid     how many of them {@link EventValidator} accepts
 */
public record ComparisonInput(Path file, GeneratorSettings generated, List<byte[]> lines, long valid) {

    public ComparisonInput {
        Objects.requireNonNull(file, "file");
        lines = List.copyOf(lines);
    }

    /**
     * The benchmark's traffic: the spec's defaults (docs/spec.md §3) (2 min out-of-orderness), 1 % producer duplicates, 5 % of
     * purchases repeated under a new event id, about 1 % invalid records, and no event later than the
     * allowed lateness ({@code late-rate 0}; see docs/flink-comparison.md for why).
     */
    public static GeneratorSettings benchmarkTraffic(long count, long seed, int users) {
        return GeneratorSettings.defaults(seed).withCount(count).withUsers(users).withFaults(0.01, 0.05, 0.0, 0.01);
    }

    /** Writes the generated traffic to {@code file}, then reads it back like any other input. */
    public static ComparisonInput generate(GeneratorSettings settings, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                new TrafficGenerator(settings).writeTo(out);
            }
            ComparisonInput read = read(file);
            return new ComparisonInput(file, settings, read.lines(), read.valid());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated input to " + file + ": " + e.getMessage(), e);
        }
    }

    public static ComparisonInput read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read --input " + file + ": " + e.getMessage(), e);
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                if (!new String(all, start, end - start, StandardCharsets.UTF_8).isBlank()) {
                    byte[] line = new byte[end - start];
                    System.arraycopy(all, start, line, 0, line.length);
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        EventValidator validator = new EventValidator();
        long valid = lines.stream().filter(l -> validator.validate(l).isValid()).count();
        return new ComparisonInput(file, null, lines, valid);
    }

    /** The lines as text, for the brute-force reference. */
    public List<String> textLines() {
        return lines.stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList();
    }
}

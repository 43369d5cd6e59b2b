package io.tidemark.cli.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code tidemark local --reshard LINE:SHARDS}: before the input's line {@code LINE}, the in-process
 * stream goes to {@code SHARDS} open shards — twice as many as it has (every shard split) or half as
 * many (neighbours merged), as the stream would be resharded while records flow.
 */
public final class ReshardSchedule {

    /** One reshard: before input line {@code line} (1-based), to {@code shards} open shards. */
    public record Reshard(long line, int shards) {
    }

    private final List<Reshard> reshards;
    private int next;

    private ReshardSchedule(List<Reshard> reshards) {
        this.reshards = reshards;
    }

    /** Parses and checks the option's values against the stream's starting shard count. */
    public static ReshardSchedule parse(List<String> values, int startingShards) {
        List<Reshard> parsed = new ArrayList<>();
        for (String value : values) {
            String[] parts = value.split(":", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                parsed.add(new Reshard(Long.parseLong(parts[0].trim()), Integer.parseInt(parts[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--reshard " + value + ": expected LINE:SHARDS, e.g. --reshard 1000:4 "
                        + "(before line 1000 of the input, go to 4 shards)");
            }
        }
        parsed.sort(Comparator.comparingLong(Reshard::line));
        int shards = startingShards;
        long previousLine = 0;
        for (Reshard r : parsed) {
            if (r.line() < 1 || r.line() == previousLine) {
                throw new IllegalArgumentException("--reshard " + r.line() + ":" + r.shards() + ": the line must be ≥ 1 and differ from "
                        + "every other reshard's");
            }
            boolean doubles = r.shards() == 2 * shards;
            boolean halves = shards % 2 == 0 && r.shards() == shards / 2;
            if (!doubles && !halves) {
                throw new IllegalArgumentException("--reshard " + r.line() + ":" + r.shards() + ": the stream has " + shards
                        + " shards then; a reshard goes to " + 2 * shards + " (every shard split)"
                        + (shards % 2 == 0 ? " or " + shards / 2 + " (neighbours merged)" : ""));
            }
            shards = r.shards();
            previousLine = r.line();
        }
        return new ReshardSchedule(List.copyOf(parsed));
    }

    /** The reshards due before input line {@code line}, each returned once, in order. */
    public List<Reshard> dueBefore(long line) {
        List<Reshard> due = new ArrayList<>();
        while (next < reshards.size() && reshards.get(next).line() <= line) {
            due.add(reshards.get(next++));
        }
        return due;
    }

    public boolean isEmpty() {
        return reshards.isEmpty();
    }
}

package io.tidemark.bench.flink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and range of repeated measurements. */
public record RunStats(List<Double> values, double median, double min, double max) {

    public static RunStats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new RunStats(List.copyOf(values), median, sorted.get(0), sorted.get(n - 1));
    }

    /** Half the range relative to the median, e.g. 0.04 for ±4 %. */
    public double relativeSpread() {
        return (max - min) / 2 / median;
    }
}

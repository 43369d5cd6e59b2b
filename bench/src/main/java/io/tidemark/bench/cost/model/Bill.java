package io.tidemark.bench.cost.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What one system costs a month at one traffic level: its lines, each with the arithmetic that gave it.
 *
 * @param system   who pays (Tidemark, the naive pipeline, Managed Flink)
 * @param shape    the stream and batches
 * @param lines    the items, in the order shown
 */
public record Bill(String system, StreamShape shape, List<Line> lines) {

    /** One item of the bill: what, how it was computed, dollars a month (exact). */
    public record Line(String item, String arithmetic, BigDecimal usd) {
    }

    public Bill {
        lines = List.copyOf(lines);
    }

    public BigDecimal total() {
        return lines.stream().map(Line::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The total in cents, rounded half up, for tables. */
    public BigDecimal totalRounded() {
        return total().setScale(2, RoundingMode.HALF_UP);
    }

    public BigDecimal line(String item) {
        return lines.stream().filter(l -> l.item().equals(item)).map(Line::usd).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the bill of " + system + " has no line '" + item + "'"));
    }
}

package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** Revenue of a tumbling window over counted purchases: the exact decimal sum of {@code amount} and the number of orders. */
final class RevenueSum implements AggregateFunction<Event, RevenueSum.Revenue, RevenueSum.Revenue> {

    /** The running sum; immutable. */
    record Revenue(BigDecimal amount, long orders) implements Serializable {
        static final Revenue NONE = new Revenue(BigDecimal.ZERO, 0);

        Revenue plus(Revenue other) {
            return new Revenue(amount.add(other.amount), orders + other.orders);
        }
    }

    @Override
    public Revenue createAccumulator() {
        return Revenue.NONE;
    }

    @Override
    public Revenue add(Event purchase, Revenue sum) {
        return new Revenue(sum.amount().add(purchase.amount()), sum.orders() + 1);
    }

    @Override
    public Revenue getResult(Revenue sum) {
        return sum;
    }

    @Override
    public Revenue merge(Revenue a, Revenue b) {
        return a.plus(b);
    }

    /** Attaches the window to the sum: one docs/spec.md §5 row per firing. */
    static final class AsRow extends ProcessAllWindowFunction<Revenue, Report.RevenueWindow, TimeWindow> {
        @Override
        public void process(Context context, Iterable<Revenue> sums, Collector<Report.RevenueWindow> out) {
            TimeWindow w = context.window();
            for (Revenue sum : sums) {
                out.collect(new Report.RevenueWindow(Instant.ofEpochMilli(w.getStart()), Instant.ofEpochMilli(w.getEnd()),
                        sum.amount(), sum.orders()));
            }
        }
    }
}

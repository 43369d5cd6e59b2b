package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.HashSet;

/** The number of distinct {@code user_id}s in a window (the set lives in heap state; nothing is serialized). */
final class DistinctUsers implements AggregateFunction<Event, HashSet<String>, Integer> {

    @Override
    public HashSet<String> createAccumulator() {
        return new HashSet<>();
    }

    @Override
    public HashSet<String> add(Event event, HashSet<String> users) {
        users.add(event.userId());
        return users;
    }

    @Override
    public Integer getResult(HashSet<String> users) {
        return users.size();
    }

    @Override
    public HashSet<String> merge(HashSet<String> a, HashSet<String> b) {
        a.addAll(b);
        return a;
    }

    /** Attaches the window to the count. */
    static final class AsRow extends ProcessAllWindowFunction<Integer, Report.ActiveUsersWindow, TimeWindow> {
        @Override
        public void process(Context context, Iterable<Integer> counts, Collector<Report.ActiveUsersWindow> out) {
            TimeWindow w = context.window();
            for (int users : counts) {
                out.collect(new Report.ActiveUsersWindow(Instant.ofEpochMilli(w.getStart()), Instant.ofEpochMilli(w.getEnd()), users));
            }
        }
    }
}

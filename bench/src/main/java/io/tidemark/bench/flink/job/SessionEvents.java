package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Instant;

/** Counts the events of a (merging) session window; the window itself gives the first and last event. */
final class SessionEvents implements AggregateFunction<Event, Long, Long> {

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(Event event, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }

    /**
     * One session per firing: a session window is {@code [first event, last event + gap)}, so the
     * last event is the window's end minus the gap the assigner was given.
     */
    static final class AsRow extends ProcessWindowFunction<Long, Report.UserSession, String, TimeWindow> {
        private final long gapMillis;

        AsRow(long gapMillis) {
            this.gapMillis = gapMillis;
        }

        @Override
        public void process(String userId, Context context, Iterable<Long> counts, Collector<Report.UserSession> out) {
            TimeWindow w = context.window();
            for (long events : counts) {
                out.collect(new Report.UserSession(userId, Instant.ofEpochMilli(w.getStart()), Instant.ofEpochMilli(w.getEnd() - gapMillis),
                        events));
            }
        }
    }
}

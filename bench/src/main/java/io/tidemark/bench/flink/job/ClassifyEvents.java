package io.tidemark.bench.flink.job;

import io.tidemark.events.Event;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code event_id}: docs/spec.md §3's classification in its order — late (before the horizon
 * {@code watermark − allowed lateness}), then duplicate (id seen), else accepted. An id is forgotten
 * once the horizon passes its event time: any later copy is late anyway (Tidemark's rule too).
 * <p>
 * One horizon before every view, as in Tidemark: an event not late here is within the allowed
 * lateness of every window it belongs to, so no window drops it.
 */
final class ClassifyEvents extends KeyedProcessFunction<String, Event, Event> {

    private final JobSettings settings;
    private transient ValueState<Boolean> seen;
    private transient LongCounter accepted;
    private transient LongCounter duplicates;
    private transient LongCounter late;

    ClassifyEvents(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        accepted = getRuntimeContext().getLongCounter(Counters.ACCEPTED);
        duplicates = getRuntimeContext().getLongCounter(Counters.DUPLICATES);
        late = getRuntimeContext().getLongCounter(Counters.LATE);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) throws Exception {
        long t = event.eventTimeMillis();
        if (settings.isLate(t, ctx.timerService().currentWatermark())) {
            late.add(1);
        } else if (seen.value() != null) {
            duplicates.add(1);
        } else {
            seen.update(Boolean.TRUE);
            ctx.timerService().registerEventTimeTimer(settings.timerForHorizon(t + 1));
            accepted.add(1);
            out.collect(event);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) {
        seen.clear();
    }
}

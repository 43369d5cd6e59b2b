package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code user_id}, over the user's add, remove and purchase events: the cart machine with
 * event-time timers. A timer at "horizon reaches t" ({@link JobSettings#timerForHorizon}) runs the
 * buffered events before t in event-time order; the abandonment timer is the horizon reaching
 * {@code last_activity + 30 min}, exactly when Tidemark fires it. End of input (watermark +∞) fires
 * every timer.
 */
final class CartAbandonmentFunction extends KeyedProcessFunction<String, Event, Report.Abandonment> {

    private final JobSettings settings;
    private transient ValueState<UserCart> cart;
    private transient long timeoutMillis;

    CartAbandonmentFunction(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        cart = getRuntimeContext().getState(new ValueStateDescriptor<>("cart", TypeInformation.of(UserCart.class)));
        timeoutMillis = settings.cartTimeout().toMillis();
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Report.Abandonment> out) throws Exception {
        long t = event.eventTimeMillis();
        if (settings.isLate(t, ctx.timerService().currentWatermark())) {
            ctx.output(ViewsJob.LATE_DOWNSTREAM, event); // cannot happen after ClassifyEvents; kept so that it would show
            return;
        }
        UserCart c = cart.value();
        if (c == null) {
            c = new UserCart();
        }
        c.buffer(event);
        cart.update(c);
        ctx.timerService().registerEventTimeTimer(settings.timerForHorizon(t + 1));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Report.Abandonment> out) throws Exception {
        UserCart c = cart.value();
        if (c == null) {
            return;
        }
        c.settle(ctx.getCurrentKey(), settings.horizonAt(ctx.timerService().currentWatermark()), timeoutMillis, out::collect);
        if (c.isIdle()) {
            cart.clear();
            return;
        }
        cart.update(c);
        long wake = c.nextWake(timeoutMillis);
        if (wake != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(settings.timerForHorizon(wake));
        }
    }
}

package io.tidemark.bench.flink.job;

import io.tidemark.events.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by the order, ({@code user_id}, {@code order_id}): the first accepted purchase of an order (in
 * arrival order) counts, once ever (docs/spec.md §2.1); a later purchase of the same order under another
 * {@code event_id} adds nothing to revenue. The claim is kept forever in Flink's keyed state.
 */
final class ClaimOrders extends KeyedProcessFunction<String, Event, Event> {

    /** The key of an order: its user and its order id (a user id holds no NUL character). */
    static String orderKey(Event purchase) {
        return purchase.userId() + "\u0000" + purchase.orderId();
    }

    private transient ValueState<Boolean> claimed;

    @Override
    public void open(OpenContext context) {
        claimed = getRuntimeContext().getState(new ValueStateDescriptor<>("claimed", Types.BOOLEAN));
    }

    @Override
    public void processElement(Event purchase, Context ctx, Collector<Event> out) throws Exception {
        if (claimed.value() == null) {
            claimed.update(Boolean.TRUE);
            out.collect(purchase);
        }
    }
}

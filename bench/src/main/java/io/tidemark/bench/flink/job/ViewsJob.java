package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The four docs/spec.md §2 views as one Flink DataStream job:
 * <pre>
 * lines ─ validate ─ watermarks (bounded out-of-orderness) ─ keyBy(event_id): late / duplicate / accepted ─┬─ purchases ─ keyBy(order_id): first claim ─ tumbling 1 h: revenue, orders
 *                                                                                                          ├─ sliding 5 min / 1 min: distinct users
 *                                                                                                          ├─ keyBy(user_id) ─ session windows, 30 min gap: sessions
 *                                                                                                          └─ cart events ─ keyBy(user_id) ─ cart machine with event-time timers: abandonments
 * </pre>
 * Every window allows the same lateness as Tidemark and sends what it still finds late to a side
 * output, so nothing is dropped silently. Each view's sink writes into the run's {@link ViewUpdates}.
 */
public final class ViewsJob {

    /** Accepted events a window or the cart machine dropped as late anyway. */
    static final OutputTag<Event> LATE_DOWNSTREAM = new OutputTag<>("late-downstream", TypeInformation.of(Event.class));

    private ViewsJob() {
    }

    private static WatermarkStrategy<Event> watermarks(JobSettings s) {
        long delay = s.watermarkDelay().toMillis();
        WatermarkStrategy<Event> strategy = s.cadence() == JobSettings.WatermarkCadence.PER_EVENT
                ? WatermarkStrategy.forGenerator(context -> new PerEventWatermarks<>(delay))
                : WatermarkStrategy.forBoundedOutOfOrderness(s.watermarkDelay());
        return strategy.withTimestampAssigner((e, previous) -> e.eventTimeMillis());
    }

    /** Adds the job for {@code run} to {@code env} (parallelism, object reuse and the cluster are the caller's). */
    public static void define(StreamExecutionEnvironment env, RunRegistry.Run run, JobSettings s) {
        if (run.lines().isEmpty()) {
            throw new IllegalArgumentException("the input has no records; give a JSON Lines file with at least one line");
        }
        String id = run.id();
        DataStream<Event> events = env.fromSequence(0, run.lines().size() - 1L).name("lines")
                .map(new LineAt(id), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO).name("line")
                .process(new ValidateRecords(), TypeInformation.of(Event.class)).name("validate")
                .assignTimestampsAndWatermarks(watermarks(s)).name("watermarks");

        DataStream<Event> accepted = events.keyBy(Event::eventId, Types.STRING)
                .process(new ClassifyEvents(s), TypeInformation.of(Event.class)).name("classify: late, duplicate, accepted");

        SingleOutputStreamOperator<Report.RevenueWindow> revenue = accepted
                .filter(e -> e.type() == EventType.PURCHASE).name("purchases")
                .keyBy(ClaimOrders::orderKey, Types.STRING)
                .process(new ClaimOrders(), TypeInformation.of(Event.class)).name("claim orders")
                .windowAll(TumblingEventTimeWindows.of(s.revenueWindow()))
                .allowedLateness(s.allowedLateness())
                .sideOutputLateData(LATE_DOWNSTREAM)
                .aggregate(new RevenueSum(), new RevenueSum.AsRow()).name("revenue per hour");
        revenue.sinkTo(ViewSink.revenue(id)).name("revenue sink");

        SingleOutputStreamOperator<Report.ActiveUsersWindow> activeUsers = accepted
                .windowAll(SlidingEventTimeWindows.of(s.activeSize(), s.activeSlide()))
                .allowedLateness(s.allowedLateness())
                .sideOutputLateData(LATE_DOWNSTREAM)
                .aggregate(new DistinctUsers(), new DistinctUsers.AsRow()).name("active users");
        activeUsers.sinkTo(ViewSink.activeUsers(id)).name("active users sink");

        long gap = s.flinkSessionGap().toMillis();
        SingleOutputStreamOperator<Report.UserSession> sessions = accepted
                .keyBy(Event::userId, Types.STRING)
                .window(EventTimeSessionWindows.withGap(s.flinkSessionGap()))
                .allowedLateness(s.allowedLateness())
                .sideOutputLateData(LATE_DOWNSTREAM)
                .aggregate(new SessionEvents(), new SessionEvents.AsRow(gap)).name("sessions");
        sessions.sinkTo(ViewSink.sessions(id)).name("sessions sink");

        SingleOutputStreamOperator<Report.Abandonment> abandonments = accepted
                .filter(e -> e.type() == EventType.ADD_TO_CART || e.type() == EventType.REMOVE_FROM_CART || e.type() == EventType.PURCHASE)
                .name("cart events")
                .keyBy(Event::userId, Types.STRING)
                .process(new CartAbandonmentFunction(s), TypeInformation.of(Report.Abandonment.class)).name("cart machine");
        abandonments.sinkTo(ViewSink.abandonments(id)).name("abandonments sink");

        revenue.getSideOutput(LATE_DOWNSTREAM)
                .union(activeUsers.getSideOutput(LATE_DOWNSTREAM), sessions.getSideOutput(LATE_DOWNSTREAM),
                        abandonments.getSideOutput(LATE_DOWNSTREAM))
                .sinkTo(ViewSink.lateDownstream(id)).name("late downstream sink");
    }
}

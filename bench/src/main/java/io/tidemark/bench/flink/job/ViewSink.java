package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.Serializable;
import java.util.function.BiConsumer;

/** Writes one view's firings into the run's {@link ViewUpdates}. */
final class ViewSink<T> implements Sink<T> {

    /** Which {@link ViewUpdates} method takes the rows. */
    interface Target<T> extends BiConsumer<ViewUpdates, T>, Serializable {
    }

    private final String runId;
    private final Target<T> target;

    ViewSink(String runId, Target<T> target) {
        this.runId = runId;
        this.target = target;
    }

    static ViewSink<Report.RevenueWindow> revenue(String runId) {
        return new ViewSink<>(runId, ViewUpdates::revenue);
    }

    static ViewSink<Report.ActiveUsersWindow> activeUsers(String runId) {
        return new ViewSink<>(runId, ViewUpdates::activeUsers);
    }

    static ViewSink<Report.UserSession> sessions(String runId) {
        return new ViewSink<>(runId, ViewUpdates::session);
    }

    static ViewSink<Report.Abandonment> abandonments(String runId) {
        return new ViewSink<>(runId, ViewUpdates::abandonment);
    }

    static ViewSink<Event> lateDownstream(String runId) {
        return new ViewSink<>(runId, ViewUpdates::lateDownstream);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ViewUpdates updates = RunRegistry.get(runId).updates();
        return new SinkWriter<>() {
            @Override
            public void write(T row, Context ctx) {
                target.accept(updates, row);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}

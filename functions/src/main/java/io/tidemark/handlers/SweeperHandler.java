package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.time.GlobalWatermark;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.time.Timestamps;
import io.tidemark.dynamodb.ShardHead;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda only runs the Kinesis handler when records arrive, so time stands still on a quiet stream.
 * Every minute (EventBridge) the sweeper reads the head rows and ticks — an empty step with the
 * current processing time — each shard for which time passing changes something: it holds open
 * state (sessions, carts, windows not final) and the global watermark, with idle shards advancing
 * by processing time, now puts its lateness horizon past the one it sealed; or its snapshot is
 * getting old (docs/state.md). Shards that stepped in the last minute are left to their own
 * batches. {@code {"endOfInput": true}} ends a bounded replay: every shard is ticked with the
 * watermark at +∞, so every window becomes final and every cart timer fires.
 * <p>
 * Returns a small report: {@code {"endOfInput": …, "shards": n, "ticked": [...], "writeUnits": x}}.
 */
public final class SweeperHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String END_OF_INPUT = "endOfInput";

    private final StepExecutor executor;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration allowedLateness;
    private final BusinessMetrics metrics;
    private final JsonLog log;

    /** For Lambda. */
    public SweeperHandler() {
        this(LambdaRuntime.executor(), LambdaRuntime.config(), Clock.systemUTC(), LambdaRuntime.metrics(), JsonLog.stdout("SweeperHandler"));
    }

    /** For the local runner: tables {@code <prefix>-…} of {@code config}. */
    public SweeperHandler(DynamoDbClient dynamo, PipelineConfig config, Clock clock) {
        this(StepExecutor.forPipeline(StateStore.create(dynamo, TableNames.forPrefix(config.tablePrefix())), config),
                config, clock, BusinessMetrics.NONE, JsonLog.stdout("SweeperHandler"));
    }

    /** Everything given; pass the Kinesis handler's executor to share its shard cache. */
    public SweeperHandler(StepExecutor executor, PipelineConfig config, Clock clock, BusinessMetrics metrics, JsonLog log) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = config.eventTime().idleTimeout();
        this.allowedLateness = config.eventTime().allowedLateness();
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A bounded replay is over: tick every shard to +∞. */
    public Map<String, Object> endOfInput() {
        return sweep(true);
    }

    /** One scheduled sweep. */
    public Map<String, Object> sweep() {
        return sweep(false);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        boolean end = event != null && Boolean.TRUE.equals(event.get(END_OF_INPUT))
                || event != null && "true".equalsIgnoreCase(String.valueOf(event.get(END_OF_INPUT)));
        return log.withInvocation(context, () -> sweep(end));
    }

    private Map<String, Object> sweep(boolean endOfInput) {
        long now = clock.millis();
        var before = executor.store().meter().snapshot();
        List<ShardHead> heads = executor.store().heads().readAll();
        List<String> ticked = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ShardHead head : heads) {
            if (head.progress().ended()) {
                continue; // handed over to its children after a reshard: its timers are theirs
            }
            // Settled, not sealed: a shard whose end-of-input step committed but whose rows a crash left unwritten is ticked
            // again, and its reload writes them.
            if (!(endOfInput ? head.settledHorizon() != Timestamps.POSITIVE_INFINITY : due(head, heads, now))) {
                continue;
            }
            try {
                StepExecutor.Outcome o = executor.run(StepExecutor.StepRequest.tick(head.shardId(), now, endOfInput));
                metrics.stepCompleted(o);
                ticked.add(head.shardId());
                log.info("shard ticked", "shard", head.shardId(), "step", o.effects().step(), "endOfInput", endOfInput,
                        "alerts", o.newAlerts().size(), "sessionsClosed", o.effects().closedSessions().size(),
                        "sealedHorizon", Timestamps.format(o.effects().sealedHorizon()), "writeUnits", o.cost().writeUnits());
            } catch (RuntimeException e) {
                // One shard's failure must not stop the others; the next sweep tries again.
                failed.add(head.shardId());
                log.error("tick failed", e, "shard", head.shardId());
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put(END_OF_INPUT, endOfInput);
        report.put("shards", heads.size());
        report.put("ticked", ticked);
        report.put("failed", failed);
        report.put("writeUnits", executor.store().meter().snapshot().minus(before).writeUnits());
        log.info("sweep done", "report", report);
        if (!failed.isEmpty() && ticked.isEmpty()) {
            throw new IllegalStateException("every tick failed: " + failed);
        }
        return report;
    }

    /** Whether ticking the shard now can change anything. */
    boolean due(ShardHead head, List<ShardHead> heads, long now) {
        if (now - head.snapshotAt() >= executor.store().retention().snapshotMaxAge().toMillis() && head.snapshotAt() > 0) {
            return true;
        }
        if (!head.pending() || now - head.updatedAt() < Duration.ofMinutes(1).toMillis()) {
            return false;
        }
        List<ShardProgress> all = new ArrayList<>(heads.size());
        heads.forEach(h -> all.add(h.progress()));
        long w = Math.max(head.watermark(), GlobalWatermark.compute(all, now, idleTimeout.toMillis()));
        long horizon = Timestamps.minus(w, allowedLateness.toMillis());
        return horizon > head.sealedHorizon();
    }
}

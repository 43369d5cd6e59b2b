package io.tidemark.core.state;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;

import java.util.List;

/**
 * What the shell must write after committing a step, all of it idempotent:
 *
 * @param step            the step number (the log entry's)
 * @param changedPages    view rows (one per touched hour) with absolute values for this shard,
 *                        sorted by start; write with {@code commit < :step}
 * @param closedSessions  sessions closed by this step (report order)
 * @param alerts          cart abandonments fired by this step (report order); put each with
 *                        {@code attribute_not_exists(alert_id)}
 * @param late            late records with their reasons, for the late store
 * @param rejected        invalid records with their reasons, for the quarantine
 * @param counts          this step's counts
 * @param totals          the shard's counts after this step
 * @param progress        the shard's own watermark and activity, for its head row (read by peers)
 * @param watermark       the global watermark {@code W} as this shard knows it
 * @param sealedHorizon   {@code H = W − allowed lateness}: everything of this shard before it is
 *                        final (a window of a page is final when every shard's horizon passed its end)
 * @param archivedOrders  orders that left their users' memory with this step (by user, then order id):
 *                        keep them in the order archive before the next step asks it
 */
public record StepEffects(long step, List<HourPage> changedPages, List<ClosedSession> closedSessions, List<CartAbandonment> alerts,
                          List<LateRecord> late, List<StreamRecord> rejected, StepCounts counts, StepCounts totals,
                          ShardProgress progress, long watermark, long sealedHorizon, List<OrderKey> archivedOrders) {

    public StepEffects {
        changedPages = List.copyOf(changedPages);
        closedSessions = List.copyOf(closedSessions);
        alerts = List.copyOf(alerts);
        late = List.copyOf(late);
        rejected = List.copyOf(rejected);
        archivedOrders = List.copyOf(archivedOrders);
    }

    /** Effects in which no order leaves memory (what readers assemble from the tables). */
    public StepEffects(long step, List<HourPage> changedPages, List<ClosedSession> closedSessions, List<CartAbandonment> alerts,
                       List<LateRecord> late, List<StreamRecord> rejected, StepCounts counts, StepCounts totals,
                       ShardProgress progress, long watermark, long sealedHorizon) {
        this(step, changedPages, closedSessions, alerts, late, rejected, counts, totals, progress, watermark, sealedHorizon, List.of());
    }
}

package io.tidemark.dynamodb;

import io.tidemark.core.state.StepCounts;
import io.tidemark.core.time.ShardProgress;

import java.util.Objects;

/**
 * A shard's head: what its peers, the sweeper and readers need to know without loading it. Each step's commit carries
 * it (the log entry's {@code head}); the head row in the {@code heads} partition is written only when readers need more
 * than the commit says ({@link ShardHeads}).
 *
 * @param shardId       the shard
 * @param step          the last committed step (its effects are written right after the commit; a crash in between
 *                      leaves them to the next step's reload)
 * @param progress      the shard's own watermark, last delivery (processing time), ended flag: peers' input
 * @param watermark     the global watermark {@code W} as the shard knows it
 * @param sealedHorizon {@code H = W − allowed lateness}: this shard's results before it are final
 * @param totals        the shard's counts after {@code step}
 * @param pending       the shard still holds open users (sessions, carts, activity) or pages not final:
 *                      time passing can still fire timers or finalise windows
 * @param lastSequence  the highest sequence number applied, or {@code null}
 * @param snapshotStep  the step of the newest snapshot this writer knew of
 * @param snapshotAt    when that snapshot was written (processing time, ms), 0 if none
 * @param updatedAt     processing time of the step (ms)
 * @param maxEventTime  the latest event time the shard has seen (ms; {@code Long.MIN_VALUE} if none): where a
 *                      dashboard's time axis ends once the watermark has gone to +∞
 * @param openCarts     users of the shard with an open cart after {@code step}
 * @param settledHorizon the horizon before which the shard's view rows are all written (≤ {@code sealedHorizon}): what a
 *                      reader may call final
 */
public record ShardHead(String shardId, long step, ShardProgress progress, long watermark, long sealedHorizon, StepCounts totals,
                        boolean pending, String lastSequence, long snapshotStep, long snapshotAt, long updatedAt, long maxEventTime,
                        long openCarts, long settledHorizon) {

    public ShardHead {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(totals, "totals");
    }
}

package io.tidemark.core.state;

import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.AllowedLateness;
import io.tidemark.core.time.GlobalWatermark;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.time.WatermarkTracker;

import java.util.List;

/**
 * A shard's view of time: its own watermark (max accepted event time − delay), its last activity,
 * and the global watermark {@code W} as far as it knows, kept monotonic. The watermark advances
 * after every accepted event, not once per batch, so an event's classification does not depend on
 * where the stream was cut into batches.
 */
public final class ShardClock {

    private final long delay;
    private final long idleTimeout;
    private final AllowedLateness lateness;

    long maxEventTime = Timestamps.NEGATIVE_INFINITY;
    long watermark = Timestamps.NEGATIVE_INFINITY;
    long lastActivity = Timestamps.NEGATIVE_INFINITY;
    boolean ended;

    private GlobalWatermark peers = GlobalWatermark.empty();
    private long now;

    public ShardClock(EventTimeSettings settings) {
        this.delay = settings.watermarkDelay().toMillis();
        this.idleTimeout = settings.idleTimeout().toMillis();
        this.lateness = AllowedLateness.of(settings.allowedLateness());
    }

    public ShardClock copy() {
        ShardClock c = new ShardClock(this);
        c.maxEventTime = maxEventTime;
        c.watermark = watermark;
        c.lastActivity = lastActivity;
        c.ended = ended;
        c.peers = peers;
        c.now = now;
        return c;
    }

    private ShardClock(ShardClock template) {
        this.delay = template.delay;
        this.idleTimeout = template.idleTimeout;
        this.lateness = template.lateness;
    }

    /**
     * Begins a step of shard {@code selfId}: a step that delivers records makes the shard active at
     * its processing time. A peer entry for the shard itself (a stale head row) is ignored.
     */
    public void startStep(String selfId, WatermarkInputs inputs, boolean deliversRecords) {
        now = inputs.processingTime();
        if (deliversRecords) {
            lastActivity = Math.max(lastActivity, now);
        }
        GlobalWatermark acc = GlobalWatermark.empty();
        for (ShardProgress peer : inputs.peers()) {
            if (!peer.shardId().equals(selfId)) {
                acc = acc.plus(peer, now, idleTimeout);
            }
        }
        peers = acc;
        advance();
    }

    /** After an accepted event at {@code eventTime}. */
    public void observe(long eventTime) {
        if (eventTime > maxEventTime) {
            maxEventTime = eventTime;
            advance();
        }
    }

    /** Ends a step: end of input takes the watermark to +∞. */
    public void endStep(WatermarkInputs inputs) {
        if (inputs.endOfInput()) {
            watermark = Timestamps.POSITIVE_INFINITY;
        }
    }

    /**
     * The shard is closed and handed over to its children: it never holds the watermark back again.
     * Its own view of time stays where it is — its users' timers are its children's now.
     */
    void end() {
        ended = true;
    }

    /**
     * The clock a child shard starts with: its parents' progress joined so that nothing is late on the
     * child that was not late on its parent — the lowest watermark and event time of the parents that
     * delivered records (a parent that never did knows nothing), the latest activity.
     */
    static ShardClock handedOver(EventTimeSettings settings, List<ShardClock> parents) {
        ShardClock child = new ShardClock(settings);
        boolean any = false;
        for (ShardClock parent : parents) {
            if (parent.lastActivity == Timestamps.NEGATIVE_INFINITY) {
                continue;
            }
            child.maxEventTime = any ? Math.min(child.maxEventTime, parent.maxEventTime) : parent.maxEventTime;
            child.watermark = any ? Math.min(child.watermark, parent.watermark) : parent.watermark;
            child.lastActivity = Math.max(child.lastActivity, parent.lastActivity);
            any = true;
        }
        return child;
    }

    private void advance() {
        long global = peers.valueWith(ownWatermark(), lastActivity, ended, now, idleTimeout);
        if (global > watermark) {
            watermark = global;
        }
    }

    /** This shard's own watermark, published to its peers. */
    public long ownWatermark() {
        return WatermarkTracker.watermark(maxEventTime, delay);
    }

    /** The global watermark {@code W} as this shard knows it. */
    public long watermark() {
        return watermark;
    }

    /** The lateness horizon {@code H = W − allowed lateness}. */
    public long horizon() {
        return lateness.horizon(watermark);
    }

    public long maxEventTime() {
        return maxEventTime;
    }

    public long lastActivity() {
        return lastActivity;
    }

    public boolean ended() {
        return ended;
    }

    public ShardProgress progress(String shardId) {
        return new ShardProgress(shardId, ownWatermark(), lastActivity, ended);
    }

    void restore(long maxEventTime, long watermark, long lastActivity, boolean ended) {
        this.maxEventTime = maxEventTime;
        this.watermark = watermark;
        this.lastActivity = lastActivity;
        this.ended = ended;
    }
}

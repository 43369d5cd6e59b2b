package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import io.tidemark.events.EventType;

import java.time.Duration;

/**
 * Ad attribution, an event-time interval join of each user's clicks with the same user's
 * impressions of the same ad: a click at {@code c} is attributed to the latest impression at
 * {@code i} with {@code i ≤ c ≤ i + window}, whatever the arrival order. Per ad and hour the view
 * counts impressions (in the hour of the impression), clicks (in the hour of the click) and
 * attributed clicks (in the hour of the impression they are attributed to, so that the
 * click-through rate of an hour is about that hour's impressions).
 * <p>
 * Impressions and clicks count as soon as they are accepted. A click waits in its user's buffer
 * until the lateness horizon passes it ({@code c < H}): every impression that could match it is
 * then known, because one at or before {@code c} arriving later would be late. Impressions are
 * kept while a click still to come could match them ({@code i ≥ H − window}). So the result is
 * that of the brute-force join over the accepted events, however the stream is ordered and cut.
 */
public final class AdAttributionView {

    private final long window;

    public AdAttributionView(Duration window) {
        this.window = window.toMillis();
    }

    /** Whether events of this type take part in the join. */
    public static boolean isRelevant(EventType type) {
        return type == EventType.AD_IMPRESSION || type == EventType.AD_CLICK;
    }

    /** Adds an accepted impression (at or after the horizon). */
    public void acceptImpression(AdState ads, String adId, long time, Pages pages) {
        pages.addImpression(adId, time);
        ads.addImpression(adId, time);
    }

    /** Adds an accepted click (at or after the horizon): counted now, attributed once the horizon passes it. */
    public void acceptClick(AdState ads, String adId, long time, Pages pages) {
        pages.addClick(adId, time);
        ads.addPending(new PendingClick(time, adId));
    }

    /**
     * Attributes the buffered clicks the horizon has passed ({@code c < horizon}), then forgets the
     * impressions no later click can match ({@code i < horizon − window}).
     */
    public void settle(AdState ads, long horizon, Pages pages) {
        var pending = ads.pending;
        if (pending != null) {
            int settled = 0;
            while (settled < pending.size() && pending.get(settled).time() < horizon) {
                PendingClick click = pending.get(settled++);
                long impression = ads.latestImpression(click.adId(), Timestamps.minus(click.time(), window), click.time());
                if (impression != Long.MIN_VALUE) {
                    pages.addAttributedClick(click.adId(), impression);
                }
            }
            if (settled == pending.size()) {
                ads.pending = null;
            } else if (settled > 0) {
                pending.subList(0, settled).clear();
            }
        }
        ads.dropImpressionsBefore(Timestamps.minus(horizon, window));
    }

    /** The horizon at which {@link #settle} has something to do: the first click passed, or an impression expired. */
    public long nextWake(AdState ads) {
        long wake = Timestamps.POSITIVE_INFINITY;
        if (ads.pending != null && !ads.pending.isEmpty()) {
            wake = ads.pending.get(0).time() + 1;
        }
        if (ads.hasImpressions()) {
            wake = Math.min(wake, Timestamps.plus(ads.earliestImpression(), window) + 1);
        }
        return wake;
    }
}

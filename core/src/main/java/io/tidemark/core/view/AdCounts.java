package io.tidemark.core.view;

/**
 * One ad's counts in one hour (of one shard, or summed over shards).
 *
 * @param impressions      impressions whose event time is in the hour
 * @param clicks           clicks whose event time is in the hour, attributed or not
 * @param attributedClicks clicks attributed to an impression whose event time is in the hour
 *                         (the click itself may fall in the next hour, at most the attribution
 *                         window later)
 */
public record AdCounts(long impressions, long clicks, long attributedClicks) {

    public static final AdCounts ZERO = new AdCounts(0, 0, 0);

    public AdCounts {
        if (impressions < 0 || clicks < 0 || attributedClicks < 0) {
            throw new IllegalArgumentException("ad counts are never negative, got " + impressions + "/" + clicks + "/" + attributedClicks);
        }
    }

    public AdCounts plus(AdCounts o) {
        return new AdCounts(impressions + o.impressions, clicks + o.clicks, attributedClicks + o.attributedClicks);
    }

    public boolean isZero() {
        return impressions == 0 && clicks == 0 && attributedClicks == 0;
    }
}

package io.tidemark.cli.dashboard;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.PageLayout;
import io.tidemark.dynamodb.ShardHead;

import java.util.List;
import java.util.TreeSet;

/**
 * Where the dashboard's time axes end, from the head rows alone: at the latest watermark any shard knows (on a
 * minute boundary), so a replayed day shows its own hours; once every watermark is at +∞ (the input ended), just
 * after the last event; with no data, at the wall clock. The hour axis is the 24 hours ending with the hour that
 * holds {@code asOf}; the minute axis the 60 active-user windows whose ends are the minutes up to {@code asOf}.
 *
 * @param asOf   the end (exclusive) of both axes
 * @param source {@code watermark}, {@code last_event} or {@code none}
 */
record TimeAxis(long asOf, String source, PageLayout layout) {

    static final int HOURS = 24;
    static final int MINUTES = 60;

    static TimeAxis of(List<ShardHead> heads, PageLayout layout, long nowMillis) {
        long slide = layout.slideMillis();
        long watermark = Timestamps.NEGATIVE_INFINITY;
        long lastEvent = Timestamps.NEGATIVE_INFINITY;
        for (ShardHead head : heads) {
            if (finite(head.watermark())) {
                watermark = Math.max(watermark, head.watermark());
            }
            if (finite(head.maxEventTime())) {
                lastEvent = Math.max(lastEvent, head.maxEventTime());
            }
        }
        if (finite(watermark)) {
            return new TimeAxis(Math.floorDiv(watermark, slide) * slide, "watermark", layout);
        }
        if (finite(lastEvent)) {
            return new TimeAxis(Math.floorDiv(lastEvent, slide) * slide + slide, "last_event", layout);
        }
        return new TimeAxis(Math.floorDiv(nowMillis, slide) * slide, "none", layout);
    }

    private static boolean finite(long t) {
        return t != Timestamps.NEGATIVE_INFINITY && t != Timestamps.POSITIVE_INFINITY;
    }

    /** The start of the last hour shown: the hour holding the instant just before {@code asOf}. */
    long lastHour() {
        return layout.pageStartOf(asOf - 1);
    }

    /** The start of the first of the 24 hours shown. */
    long firstHour() {
        return lastHour() - (HOURS - 1) * layout.pageMillis();
    }

    /** The end of the last hour shown. */
    long hoursEnd() {
        return lastHour() + layout.pageMillis();
    }

    /** The start of the {@code i}-th (0 = oldest) of the 60 active-user windows. */
    long minuteWindowStart(int i) {
        return asOf - (MINUTES - 1 - i) * layout.slideMillis() - layout.windowSizeMillis();
    }

    /** Every page (hour row) the snapshot needs: the 24 hours, and those the active-user windows start in. */
    TreeSet<Long> pages() {
        TreeSet<Long> pages = new TreeSet<>();
        for (long h = firstHour(); h <= lastHour(); h += layout.pageMillis()) {
            pages.add(h);
        }
        for (int i = 0; i < MINUTES; i++) {
            pages.add(layout.pageStartOf(minuteWindowStart(i)));
        }
        return pages;
    }
}

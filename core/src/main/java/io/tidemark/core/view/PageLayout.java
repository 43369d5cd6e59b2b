package io.tidemark.core.view;

import io.tidemark.core.window.TumblingWindows;

/**
 * The shape of every page (view row) of a pipeline, derived from its {@link ViewSettings}: how long
 * a page is (the revenue window), the active-user windows that start in it, and how long after its
 * end an impression in it can still be attributed a click.
 *
 * @param pageMillis        the revenue window: one page per hour
 * @param slideMillis       active-user windows start every slide
 * @param windowSizeMillis  active-user window length
 * @param attributionMillis a click counts for an impression at most this long after it
 */
public record PageLayout(long pageMillis, long slideMillis, long windowSizeMillis, long attributionMillis) {

    public PageLayout {
        if (pageMillis <= 0 || slideMillis <= 0 || windowSizeMillis <= 0 || attributionMillis < 0 || pageMillis % slideMillis != 0) {
            throw new IllegalArgumentException("inconsistent page layout: page " + pageMillis + " ms, slide " + slideMillis + " ms, window "
                    + windowSizeMillis + " ms, attribution " + attributionMillis + " ms");
        }
    }

    public static PageLayout of(ViewSettings views) {
        return new PageLayout(views.revenue().sizeMillis(), views.activeUsers().slideMillis(), views.activeUsers().sizeMillis(),
                views.attributionWindow().toMillis());
    }

    /** Active-user windows starting in one page (60 for 1 h pages and 1 min slides). */
    public int windowsPerPage() {
        return (int) (pageMillis / slideMillis);
    }

    /** The start of the page holding event time {@code t}: the revenue window's. */
    public long pageStartOf(long t) {
        return TumblingWindows.startOf(t, pageMillis);
    }

    /**
     * When the page ends: the last of its revenue window's end, the end of the last active-user window
     * starting in it, and the end of the attribution window after its last impression. Final once the
     * horizon reaches it ({@link io.tidemark.core.window.EventTimeTrigger}).
     */
    public long finalAt(long pageStart) {
        long end = pageStart + pageMillis;
        return Math.max(end - slideMillis + windowSizeMillis, end + attributionMillis);
    }
}

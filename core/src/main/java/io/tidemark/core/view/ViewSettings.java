package io.tidemark.core.view;

import io.tidemark.core.window.SessionWindows;
import io.tidemark.core.window.SlidingWindows;
import io.tidemark.core.window.TumblingWindows;

import java.time.Duration;
import java.util.Objects;

/**
 * The windows of the views. docs/spec.md §2 fixes them ({@link #spec()}); other values exist for tests
 * and experiments. The revenue window is also the <em>page</em>: one view row per shard and revenue
 * window holds that window's revenue and orders and the active-user count of every sliding window
 * that starts in it.
 *
 * @param revenue     tumbling windows of revenue per hour (the page size)
 * @param activeUsers sliding windows of distinct users; the slide must divide the size and the page
 * @param sessions    session windows of user sessions
 * @param cartTimeout inactivity after the last cart activity at which an open cart is abandoned
 * @param attributionWindow ad attribution: a click is attributed to an impression at most this long
 *                    before it ({@code impression ≤ click ≤ impression + attributionWindow})
 */
public record ViewSettings(TumblingWindows revenue, SlidingWindows activeUsers, SessionWindows sessions, Duration cartTimeout,
                           Duration attributionWindow) {

    public ViewSettings {
        Objects.requireNonNull(revenue, "revenue");
        Objects.requireNonNull(activeUsers, "activeUsers");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(cartTimeout, "cartTimeout");
        Objects.requireNonNull(attributionWindow, "attributionWindow");
        if (activeUsers.sizeMillis() % activeUsers.slideMillis() != 0) {
            throw new IllegalArgumentException("active-user windows: the slide must divide the size, got " + activeUsers);
        }
        if (revenue.sizeMillis() % activeUsers.slideMillis() != 0) {
            throw new IllegalArgumentException("active-user windows: the slide must divide the revenue window (the page), got "
                    + activeUsers + " and " + revenue);
        }
        if (cartTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException("cartTimeout must be at least 1 ms, got " + cartTimeout);
        }
        if (attributionWindow.isNegative()) {
            throw new IllegalArgumentException("attributionWindow must be >= 0, got " + attributionWindow);
        }
    }

    /**
     * What a shard's state depends on, as snapshots record it: every setting, in the text snapshots have always
     * carried (the record's own {@code toString}, written out so that the format stays put and a cold start does not
     * link the generated method for it).
     */
    public String stateFingerprint() {
        return "ViewSettings[revenue=" + revenue + ", activeUsers=" + activeUsers + ", sessions=" + sessions + ", cartTimeout=" + cartTimeout
                + ", attributionWindow=" + attributionWindow + "]";
    }

    /**
     * docs/spec.md §2: 1 h revenue windows, 5 min / 1 min active-user windows, 30 min session gap and cart
     * timeout; clicks attributed to impressions up to 10 min before them.
     */
    public static ViewSettings spec() {
        return new ViewSettings(
                TumblingWindows.ofSize(Duration.ofHours(1)),
                SlidingWindows.ofSizeAndSlide(Duration.ofMinutes(5), Duration.ofMinutes(1)),
                SessionWindows.withGap(Duration.ofMinutes(30)),
                Duration.ofMinutes(30),
                Duration.ofMinutes(10));
    }
}

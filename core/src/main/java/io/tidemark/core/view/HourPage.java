package io.tidemark.core.view;

import io.tidemark.core.window.EventTimeTrigger;
import io.tidemark.core.window.TimeWindow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One view row of one shard: a revenue window (an hour, the page) with its revenue and orders, the
 * same revenue split by customer tier, the distinct-user count of every active-user window that
 * starts in it, and per ad its impressions, clicks and attributed clicks. Values are absolute for
 * this shard (never increments): the shell writes them with {@code commit < :n}, and readers sum a
 * window over the shards.
 */
public final class HourPage {

    private final PageLayout layout;
    private final long pageStart;
    private final BigDecimal revenue;
    private final long orders;
    private final int[] activeUsers;
    private final SortedMap<String, TierRevenue> revenueByTier;
    private final SortedMap<String, AdCounts> ads;

    /**
     * @param revenueByTier the page's counted orders by the tier of their customer (sums to
     *                      {@code revenue} and {@code orders})
     * @param ads           per ad id; ads with all counts zero are left out
     */
    public HourPage(PageLayout layout, long pageStart, BigDecimal revenue, long orders, int[] activeUsers,
                    Map<String, TierRevenue> revenueByTier, Map<String, AdCounts> ads) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.pageStart = pageStart;
        this.revenue = Objects.requireNonNull(revenue, "revenue");
        this.orders = orders;
        this.activeUsers = activeUsers.clone();
        this.revenueByTier = Collections.unmodifiableSortedMap(new TreeMap<>(revenueByTier));
        TreeMap<String, AdCounts> nonZero = new TreeMap<>();
        ads.forEach((ad, counts) -> {
            if (!counts.isZero()) {
                nonZero.put(ad, counts);
            }
        });
        this.ads = Collections.unmodifiableSortedMap(nonZero);
        if (layout.windowsPerPage() != activeUsers.length) {
            throw new IllegalArgumentException("expected " + layout.windowsPerPage() + " active-user windows in the page, got " + activeUsers.length);
        }
        if (Math.floorMod(pageStart, layout.pageMillis()) != 0) {
            throw new IllegalArgumentException("a page starts on a multiple of " + layout.pageMillis() + " ms, got " + pageStart);
        }
    }

    public PageLayout layout() {
        return layout;
    }

    public Instant pageStart() {
        return Instant.ofEpochMilli(pageStart);
    }

    public long pageStartMillis() {
        return pageStart;
    }

    /** The revenue window: the page itself. */
    public TimeWindow revenueWindow() {
        return new TimeWindow(pageStart, pageStart + layout.pageMillis());
    }

    /** Exact sum of the amounts of the orders counted in this window by this shard. */
    public BigDecimal revenue() {
        return revenue;
    }

    /** Distinct order ids counted in this window by this shard. */
    public long orders() {
        return orders;
    }

    /** The counted orders of this window by customer tier, sorted by tier. */
    public SortedMap<String, TierRevenue> revenueByTier() {
        return revenueByTier;
    }

    /** Impressions, clicks and attributed clicks of this window by ad id, sorted; only ads with a non-zero count. */
    public SortedMap<String, AdCounts> ads() {
        return ads;
    }

    /** How many active-user windows start in the page (60 for 1 h pages and 1 min slides). */
    public int activeUserWindowCount() {
        return activeUsers.length;
    }

    /** The {@code i}-th active-user window starting in the page. */
    public TimeWindow activeUserWindow(int i) {
        long start = pageStart + i * layout.slideMillis();
        return new TimeWindow(start, start + layout.windowSizeMillis());
    }

    /** Distinct users of this shard in the {@code i}-th active-user window of the page. */
    public int activeUsers(int i) {
        return activeUsers[i];
    }

    /** The counts of all active-user windows of the page, by window start. */
    public int[] activeUsersArray() {
        return activeUsers.clone();
    }

    /** The active-user windows with at least one user, with their counts. */
    public List<WindowCount> nonEmptyActiveUserWindows() {
        List<WindowCount> out = new ArrayList<>();
        for (int i = 0; i < activeUsers.length; i++) {
            if (activeUsers[i] > 0) {
                out.add(new WindowCount(activeUserWindow(i), activeUsers[i]));
            }
        }
        return out;
    }

    /** Whether nothing in the page can change at lateness horizon {@code horizon}: {@link PageLayout#finalAt} reached. */
    public boolean isFinalAt(long horizon) {
        return EventTimeTrigger.reached(layout.finalAt(pageStart), horizon);
    }

    /** A window and the number of distinct users in it. */
    public record WindowCount(TimeWindow window, int users) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HourPage p && p.pageStart == pageStart && p.layout.equals(layout) && p.orders == orders
                && p.revenue.equals(revenue) && Arrays.equals(p.activeUsers, activeUsers) && p.revenueByTier.equals(revenueByTier)
                && p.ads.equals(ads);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pageStart, revenue, orders, revenueByTier, ads) * 31 + Arrays.hashCode(activeUsers);
    }

    @Override
    public String toString() {
        return "HourPage[" + pageStart() + ", revenue=" + revenue + ", orders=" + orders + ", byTier=" + revenueByTier
                + ", activeUsers=" + Arrays.toString(activeUsers) + ", ads=" + ads + "]";
    }
}

package io.tidemark.core.view;

import io.tidemark.core.window.TimeWindow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One view row of one shard: a revenue window (an hour, the page) with its revenue and orders and
 * the distinct-user count of every active-user window that starts in it. Values are absolute for
 * this shard (never increments): the shell writes them with {@code commit < :n}, and readers sum a
 * window over the shards.
 */
public final class HourPage {

    private final long pageStart;
    private final long pageEnd;
    private final BigDecimal revenue;
    private final long orders;
    private final long slideMillis;
    private final long windowSizeMillis;
    private final int[] activeUsers;

    public HourPage(long pageStart, long pageEnd, BigDecimal revenue, long orders,
                    long slideMillis, long windowSizeMillis, int[] activeUsers) {
        this.pageStart = pageStart;
        this.pageEnd = pageEnd;
        this.revenue = Objects.requireNonNull(revenue, "revenue");
        this.orders = orders;
        this.slideMillis = slideMillis;
        this.windowSizeMillis = windowSizeMillis;
        this.activeUsers = activeUsers.clone();
        if ((pageEnd - pageStart) / slideMillis != activeUsers.length) {
            throw new IllegalArgumentException("expected " + (pageEnd - pageStart) / slideMillis
                    + " active-user windows in the page, got " + activeUsers.length);
        }
    }

    public Instant pageStart() {
        return Instant.ofEpochMilli(pageStart);
    }

    public long pageStartMillis() {
        return pageStart;
    }

    /** The revenue window: the page itself. */
    public TimeWindow revenueWindow() {
        return new TimeWindow(pageStart, pageEnd);
    }

    /** Exact sum of the amounts of the orders counted in this window by this shard. */
    public BigDecimal revenue() {
        return revenue;
    }

    /** Distinct order ids counted in this window by this shard. */
    public long orders() {
        return orders;
    }

    /** How many active-user windows start in the page (60 for 1 h pages and 1 min slides). */
    public int activeUserWindowCount() {
        return activeUsers.length;
    }

    /** The {@code i}-th active-user window starting in the page. */
    public TimeWindow activeUserWindow(int i) {
        long start = pageStart + i * slideMillis;
        return new TimeWindow(start, start + windowSizeMillis);
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

    /** Whether every window of the page is final at lateness horizon {@code horizon}. */
    public boolean isFinalAt(long horizon) {
        return finalAt(pageEnd, slideMillis, windowSizeMillis) <= horizon;
    }

    static long finalAt(long pageEnd, long slideMillis, long windowSizeMillis) {
        return Math.max(pageEnd, pageEnd - slideMillis + windowSizeMillis);
    }

    /** A window and the number of distinct users in it. */
    public record WindowCount(TimeWindow window, int users) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HourPage p && p.pageStart == pageStart && p.pageEnd == pageEnd && p.orders == orders
                && p.slideMillis == slideMillis && p.windowSizeMillis == windowSizeMillis
                && p.revenue.equals(revenue) && Arrays.equals(p.activeUsers, activeUsers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pageStart, revenue, orders) * 31 + Arrays.hashCode(activeUsers);
    }

    @Override
    public String toString() {
        return "HourPage[" + pageStart() + ", revenue=" + revenue + ", orders=" + orders
                + ", activeUsers=" + Arrays.toString(activeUsers) + "]";
    }
}

package io.tidemark.core.view;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pages (hour rows) of one shard that are not final yet, with the set of pages changed since
 * the last {@link #drainChanged()}: the pre-aggregation that turns a batch of events into one
 * write per touched hour.
 */
public final class Pages {

    private final long pageMillis;
    private final long slideMillis;
    private final long windowSizeMillis;
    private final int windowsPerPage;
    private final TreeMap<Long, Aggregate> pages = new TreeMap<>();
    private final TreeSet<Long> changed = new TreeSet<>();
    private Aggregate lastPage;

    public Pages(ViewSettings settings) {
        this.pageMillis = settings.revenue().sizeMillis();
        this.slideMillis = settings.activeUsers().slideMillis();
        this.windowSizeMillis = settings.activeUsers().sizeMillis();
        this.windowsPerPage = (int) (pageMillis / slideMillis);
    }

    /** Adds one counted order of {@code amount} to the revenue window containing {@code eventTime}. */
    public void addOrder(long eventTime, BigDecimal amount) {
        Aggregate page = page(Math.floorDiv(eventTime, pageMillis) * pageMillis);
        page.revenue = page.revenue.add(amount);
        page.orders++;
    }

    /** Counts one more distinct user in the active-user window starting at {@code windowStart}. */
    public void addActiveUser(long windowStart) {
        long pageStart = Math.floorDiv(windowStart, pageMillis) * pageMillis;
        Aggregate page = page(pageStart);
        page.activeUsers[(int) ((windowStart - pageStart) / slideMillis)]++;
    }

    private Aggregate page(long pageStart) {
        Aggregate page = lastPage;
        if (page == null || page.start != pageStart) {
            page = pages.get(pageStart);
            if (page == null) {
                page = new Aggregate(pageStart, BigDecimal.ZERO, 0, new int[windowsPerPage]);
                pages.put(pageStart, page);
            }
            lastPage = page;
        }
        if (!page.changed) {
            page.changed = true;
            changed.add(pageStart);
        }
        return page;
    }

    /** The pages changed since the last call, as absolute values, sorted by start. */
    public List<HourPage> drainChanged() {
        List<HourPage> out = new ArrayList<>(changed.size());
        for (Long start : changed) {
            Aggregate page = pages.get(start);
            page.changed = false;
            out.add(snapshot(page));
        }
        changed.clear();
        return out;
    }

    /** Drops the pages that are final at {@code horizon}; call after {@link #drainChanged()}. */
    public void dropFinal(long horizon) {
        Iterator<Map.Entry<Long, Aggregate>> it = pages.entrySet().iterator();
        while (it.hasNext()) {
            Aggregate page = it.next().getValue();
            if (HourPage.finalAt(page.start + pageMillis, slideMillis, windowSizeMillis) > horizon) {
                break;
            }
            if (page.changed) {
                throw new IllegalStateException("page " + page.start + " dropped before its change was emitted");
            }
            it.remove();
            if (lastPage == page) {
                lastPage = null;
            }
        }
    }

    /** All pages held (not final yet), sorted by start. */
    public List<HourPage> all() {
        List<HourPage> out = new ArrayList<>(pages.size());
        for (Aggregate page : pages.values()) {
            out.add(snapshot(page));
        }
        return out;
    }

    public int size() {
        return pages.size();
    }

    /** Restores a page from a snapshot (codec). */
    public void restore(HourPage page) {
        pages.put(page.pageStartMillis(), new Aggregate(page.pageStartMillis(), page.revenue(), page.orders(), page.activeUsersArray()));
    }

    private HourPage snapshot(Aggregate page) {
        return new HourPage(page.start, page.start + pageMillis, page.revenue, page.orders, slideMillis, windowSizeMillis, page.activeUsers);
    }

    private static final class Aggregate {
        final long start;
        BigDecimal revenue;
        long orders;
        final int[] activeUsers;
        boolean changed;

        Aggregate(long start, BigDecimal revenue, long orders, int[] activeUsers) {
            this.start = start;
            this.revenue = revenue;
            this.orders = orders;
            this.activeUsers = activeUsers;
        }
    }
}

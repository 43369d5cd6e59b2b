package io.tidemark.core.view;

import io.tidemark.core.window.EventTimeTrigger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
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

    private final PageLayout layout;
    private final TreeMap<Long, Aggregate> pages = new TreeMap<>();
    private final TreeSet<Long> changed = new TreeSet<>();
    private Aggregate lastPage;

    public Pages(ViewSettings settings) {
        this.layout = PageLayout.of(settings);
    }

    public PageLayout layout() {
        return layout;
    }

    /** Adds one counted order of {@code amount} by a customer of {@code tier} to the revenue window containing {@code eventTime}. */
    public void addOrder(long eventTime, BigDecimal amount, String tier) {
        Aggregate page = page(layout.pageStartOf(eventTime));
        page.revenue = page.revenue.add(amount);
        page.orders++;
        page.tiers.merge(tier, TierRevenue.ZERO.plusOrder(amount), TierRevenue::plus);
    }

    /** Counts one more distinct user in the active-user window starting at {@code windowStart}. */
    public void addActiveUser(long windowStart) {
        long pageStart = layout.pageStartOf(windowStart);
        Aggregate page = page(pageStart);
        page.activeUsers[(int) ((windowStart - pageStart) / layout.slideMillis())]++;
    }

    /** Counts an impression of {@code adId} at {@code eventTime}. */
    public void addImpression(String adId, long eventTime) {
        ad(adId, eventTime)[0]++;
    }

    /** Counts a click on {@code adId} at {@code eventTime} (attributed or not). */
    public void addClick(String adId, long eventTime) {
        ad(adId, eventTime)[1]++;
    }

    /** Counts a click attributed to the impression of {@code adId} at {@code impressionTime}, in that impression's hour. */
    public void addAttributedClick(String adId, long impressionTime) {
        ad(adId, impressionTime)[2]++;
    }

    private long[] ad(String adId, long eventTime) {
        return page(layout.pageStartOf(eventTime)).ads.computeIfAbsent(adId, a -> new long[3]);
    }

    private Aggregate page(long pageStart) {
        Aggregate page = lastPage;
        if (page == null || page.start != pageStart) {
            page = pages.get(pageStart);
            if (page == null) {
                page = new Aggregate(pageStart, BigDecimal.ZERO, 0, new int[layout.windowsPerPage()]);
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
            if (!EventTimeTrigger.reached(layout.finalAt(page.start), horizon)) {
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
        Aggregate a = new Aggregate(page.pageStartMillis(), page.revenue(), page.orders(), page.activeUsersArray());
        a.tiers.putAll(page.revenueByTier());
        page.ads().forEach((ad, c) -> a.ads.put(ad, new long[] {c.impressions(), c.clicks(), c.attributedClicks()}));
        pages.put(page.pageStartMillis(), a);
    }

    private HourPage snapshot(Aggregate page) {
        Map<String, AdCounts> ads = new HashMap<>(page.ads.size() * 2);
        page.ads.forEach((ad, c) -> ads.put(ad, new AdCounts(c[0], c[1], c[2])));
        return new HourPage(layout, page.start, page.revenue, page.orders, page.activeUsers, page.tiers, ads);
    }

    private static final class Aggregate {
        final long start;
        BigDecimal revenue;
        long orders;
        final int[] activeUsers;
        // Hash maps on the hot path; the snapshot sorts them.
        final HashMap<String, TierRevenue> tiers = new HashMap<>(4);
        final HashMap<String, long[]> ads = new HashMap<>(8);
        boolean changed;

        Aggregate(long start, BigDecimal revenue, long orders, int[] activeUsers) {
            this.start = start;
            this.revenue = revenue;
            this.orders = orders;
            this.activeUsers = activeUsers;
        }
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.view.ViewSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The views table.
 * <ul>
 *   <li><b>Pages</b> — {@code pk = page#<hour start, ISO>}, {@code sk = shard#<shard id>}: one row
 *       per (hour, shard) with that shard's absolute revenue, orders, revenue by customer tier
 *       ({@code tiers}: M of tier → M {@code revenue}, {@code orders}), 60 active-user counts, and
 *       per ad the impressions, clicks and attributed clicks ({@code ads}: M of ad id → L of 3 N),
 *       written with {@code commit < :n} so an older step never overwrites a newer one. A reader
 *       sums an hour's rows over shards (one query per hour).</li>
 *   <li><b>Sessions</b> — {@code pk = sessions#<shard id>}, {@code sk = step#<n>#<part>}: the
 *       sessions closed by step {@code n}, encoded ({@link SessionRowsCodec}); a plain put, since
 *       key and content are fixed by the step.</li>
 * </ul>
 */
public final class ViewRows {

    static final String PAGE = "page#";
    static final String SESSIONS = "sessions#";

    private final ItemStore items;

    ViewRows(ItemStore items) {
        this.items = items;
    }

    static String pagePk(long pageStart) {
        return PAGE + Instant.ofEpochMilli(pageStart);
    }

    /** Writes each page of step {@code step} unless a row of that step or later is there. */
    public void writePages(String shardId, long step, List<HourPage> pages) {
        for (HourPage page : pages) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(AttributeValues.PK, AttributeValues.s(pagePk(page.pageStartMillis())));
            item.put(AttributeValues.SK, AttributeValues.s("shard#" + shardId));
            item.put("shard", AttributeValues.s(shardId));
            item.put("commit", AttributeValues.n(step));
            item.put("page_start", AttributeValues.n(page.pageStartMillis()));
            item.put("revenue", AttributeValues.n(page.revenue().toPlainString()));
            item.put("orders", AttributeValues.n(page.orders()));
            List<AttributeValue> users = new ArrayList<>(page.activeUserWindowCount());
            for (int u : page.activeUsersArray()) {
                users.add(AttributeValues.n(u));
            }
            item.put("active_users", AttributeValue.fromL(users));
            Map<String, AttributeValue> tiers = new HashMap<>();
            page.revenueByTier().forEach((tier, t) -> tiers.put(tier, AttributeValue.fromM(Map.of(
                    "revenue", AttributeValues.n(t.revenue().toPlainString()), "orders", AttributeValues.n(t.orders())))));
            item.put("tiers", AttributeValue.fromM(tiers));
            Map<String, AttributeValue> ads = new HashMap<>();
            page.ads().forEach((ad, c) -> ads.put(ad, AttributeValue.fromL(List.of(AttributeValues.n(c.impressions()), AttributeValues.n(c.clicks()),
                    AttributeValues.n(c.attributedClicks())))));
            item.put("ads", AttributeValue.fromM(ads));
            items.putIf(Table.VIEWS, item, PutCondition.absentOrBelow("commit", step));
        }
    }

    public void writeSessions(String shardId, long step, List<ClosedSession> sessions, long nowMillis) {
        if (sessions.isEmpty()) {
            return;
        }
        List<byte[]> data = StepRowParts.split(SessionRowsCodec.encode(sessions));
        for (Map<String, AttributeValue> item : StepRowParts.items(StepRowKey.of(SESSIONS + shardId, step), StepRowParts.COMMIT, data)) {
            item.put("sessions", AttributeValues.n(sessions.size()));
            item.put("written_at", AttributeValues.n(nowMillis));
            items.put(Table.VIEWS, item);
        }
    }

    /** A page row as stored. */
    public record PageRow(String shardId, long commit, HourPage page) {
    }

    /** Everything in the views table: page rows and closed sessions (each once). */
    public record Contents(List<PageRow> pages, List<ClosedSession> sessions) {
    }

    /** The page rows of one hour, one per shard that wrote it (one consistent query): what a dashboard polls. */
    public List<PageRow> readPage(long pageStart, ViewSettings views) {
        List<PageRow> rows = new ArrayList<>();
        items.query(Table.VIEWS, KeyQuery.partition(pagePk(pageStart)), item -> rows.add(pageRow(item, views)));
        return rows;
    }

    /** The sessions a shard's steps after {@code afterStep} closed, one whole step at a time, until {@code each} returns false. */
    public void readSessions(String shardId, long afterStep, boolean newestFirst, StepConsumer<ClosedSession> each) {
        KeyQuery query = StepRowKey.stepsAfter(SESSIONS + shardId, StepRowKey.STEP, afterStep);
        StepRowParts.read(items, Table.VIEWS, newestFirst ? query.descending() : query,
                (step, parts) -> each.accept(step, SessionRowsCodec.decode(StepRowParts.data(parts))));
    }

    /** Takes what one step wrote; returns whether to read on. */
    @FunctionalInterface
    public interface StepConsumer<T> {
        boolean accept(long step, List<T> written);
    }

    public Contents readAll(ViewSettings views) {
        List<PageRow> pages = new ArrayList<>();
        List<Map<String, AttributeValue>> sessionItems = new ArrayList<>();
        items.scan(Table.VIEWS, item -> {
            String pk = AttributeValues.str(item, AttributeValues.PK);
            if (pk.startsWith(PAGE)) {
                pages.add(pageRow(item, views));
            } else if (pk.startsWith(SESSIONS)) {
                sessionItems.add(item);
            }
        });
        List<ClosedSession> sessions = new ArrayList<>();
        for (List<Map<String, AttributeValue>> row : StepRowParts.rows(sessionItems, "a sessions row")) {
            sessions.addAll(SessionRowsCodec.decode(StepRowParts.data(row)));
        }
        return new Contents(pages, sessions);
    }

    private static PageRow pageRow(Map<String, AttributeValue> item, ViewSettings views) {
        return new PageRow(AttributeValues.str(item, "shard"), AttributeValues.num(item, "commit", 0), page(item, views));
    }

    static HourPage page(Map<String, AttributeValue> item, ViewSettings views) {
        long start = AttributeValues.num(item, "page_start", 0);
        List<AttributeValue> users = item.get("active_users").l();
        int[] counts = new int[users.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Integer.parseInt(users.get(i).n());
        }
        // Rows written before the joins existed have neither map.
        Map<String, TierRevenue> tiers = new TreeMap<>();
        AttributeValue tierMap = item.get("tiers");
        if (tierMap != null && tierMap.hasM()) {
            tierMap.m().forEach((tier, v) -> tiers.put(tier, new TierRevenue(new BigDecimal(v.m().get("revenue").n()),
                    Long.parseLong(v.m().get("orders").n()))));
        }
        Map<String, AdCounts> ads = new TreeMap<>();
        AttributeValue adMap = item.get("ads");
        if (adMap != null && adMap.hasM()) {
            adMap.m().forEach((ad, v) -> ads.put(ad, new AdCounts(Long.parseLong(v.l().get(0).n()), Long.parseLong(v.l().get(1).n()),
                    Long.parseLong(v.l().get(2).n()))));
        }
        return new HourPage(PageLayout.of(views), start, new BigDecimal(item.get("revenue").n()), AttributeValues.num(item, "orders", 0), counts,
                tiers, ads);
    }
}

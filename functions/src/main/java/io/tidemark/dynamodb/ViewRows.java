package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.view.ViewSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

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

    private final Dynamo dynamo;

    ViewRows(Dynamo dynamo) {
        this.dynamo = dynamo;
    }

    static String pagePk(long pageStart) {
        return PAGE + Instant.ofEpochMilli(pageStart);
    }

    /** Writes each page of step {@code step} unless a row of that step or later is there. */
    public void writePages(String shardId, long step, List<HourPage> pages) {
        for (HourPage page : pages) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Dynamo.PK, Dynamo.s(pagePk(page.pageStartMillis())));
            item.put(Dynamo.SK, Dynamo.s("shard#" + shardId));
            item.put("shard", Dynamo.s(shardId));
            item.put("commit", Dynamo.n(step));
            item.put("page_start", Dynamo.n(page.pageStartMillis()));
            item.put("revenue", Dynamo.n(page.revenue().toPlainString()));
            item.put("orders", Dynamo.n(page.orders()));
            List<AttributeValue> users = new ArrayList<>(page.activeUserWindowCount());
            for (int u : page.activeUsersArray()) {
                users.add(Dynamo.n(u));
            }
            item.put("active_users", AttributeValue.fromL(users));
            Map<String, AttributeValue> tiers = new HashMap<>();
            page.revenueByTier().forEach((tier, t) -> tiers.put(tier, AttributeValue.fromM(Map.of(
                    "revenue", Dynamo.n(t.revenue().toPlainString()), "orders", Dynamo.n(t.orders())))));
            item.put("tiers", AttributeValue.fromM(tiers));
            Map<String, AttributeValue> ads = new HashMap<>();
            page.ads().forEach((ad, c) -> ads.put(ad, AttributeValue.fromL(List.of(Dynamo.n(c.impressions()), Dynamo.n(c.clicks()),
                    Dynamo.n(c.attributedClicks())))));
            item.put("ads", AttributeValue.fromM(ads));
            dynamo.putIf(Table.VIEWS, item, "attribute_not_exists(pk) OR #commit < :n", Map.of("#commit", "commit"),
                    Map.of(":n", Dynamo.n(step)));
        }
    }

    public void writeSessions(String shardId, long step, List<ClosedSession> sessions, long nowMillis) {
        if (sessions.isEmpty()) {
            return;
        }
        List<byte[]> parts = Chunks.split(SessionRowsCodec.encode(sessions));
        for (int i = 0; i < parts.size(); i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Dynamo.PK, Dynamo.s(SESSIONS + shardId));
            item.put(Dynamo.SK, Dynamo.s(Chunks.stepPartKey(step, i)));
            item.put("commit", Dynamo.n(step));
            item.put("part", Dynamo.n(i));
            item.put("parts", Dynamo.n(parts.size()));
            item.put("sessions", Dynamo.n(sessions.size()));
            item.put("data", Dynamo.b(parts.get(i)));
            item.put("written_at", Dynamo.n(nowMillis));
            dynamo.put(Table.VIEWS, item);
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
        dynamo.query(QueryRequest.builder().tableName(dynamo.tables().of(Table.VIEWS))
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", Dynamo.s(pagePk(pageStart))))
                .consistentRead(true).build(), item -> rows.add(pageRow(item, views)));
        return rows;
    }

    public Contents readAll(ViewSettings views) {
        List<PageRow> pages = new ArrayList<>();
        Map<String, TreeMap<Integer, byte[]>> sessionParts = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        dynamo.scan(Table.VIEWS, item -> {
            String pk = Dynamo.str(item, Dynamo.PK);
            if (pk.startsWith(PAGE)) {
                pages.add(pageRow(item, views));
            } else if (pk.startsWith(SESSIONS)) {
                String key = pk + "|" + Dynamo.num(item, "commit", 0);
                sessionParts.computeIfAbsent(key, k -> new TreeMap<>()).put((int) Dynamo.num(item, "part", 0), Dynamo.bytes(item, "data"));
                expected.put(key, (int) Dynamo.num(item, "parts", 1));
            }
        });
        List<ClosedSession> sessions = new ArrayList<>();
        sessionParts.forEach((key, parts) -> {
            if (parts.size() != expected.get(key)) {
                throw new IllegalStateException("sessions row " + key + " has " + parts.size() + " of " + expected.get(key) + " parts");
            }
            sessions.addAll(SessionRowsCodec.decode(Chunks.join(new ArrayList<>(parts.values()))));
        });
        return new Contents(pages, sessions);
    }

    private static PageRow pageRow(Map<String, AttributeValue> item, ViewSettings views) {
        return new PageRow(Dynamo.str(item, "shard"), Dynamo.num(item, "commit", 0), page(item, views));
    }

    static HourPage page(Map<String, AttributeValue> item, ViewSettings views) {
        long start = Dynamo.num(item, "page_start", 0);
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
        return new HourPage(PageLayout.of(views), start, new BigDecimal(item.get("revenue").n()), Dynamo.num(item, "orders", 0), counts,
                tiers, ads);
    }
}

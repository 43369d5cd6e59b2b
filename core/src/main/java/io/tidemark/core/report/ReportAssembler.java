package io.tidemark.core.report;

import io.tidemark.core.state.StepCounts;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.window.TimeWindow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link Report} from the effects of the steps of every shard, the way readers of the view
 * tables do: the latest absolute value of each (shard, page) summed over shards, closed sessions,
 * alerts, and each shard's latest totals. Idempotent: adding the same effects again changes nothing
 * (as when a reloaded shard re-applies its last entry's effects).
 */
public final class ReportAssembler {

    private final Map<String, Map<Long, Versioned<HourPage>>> pagesByShard = new HashMap<>();
    private final Map<String, Versioned<StepCounts>> totalsByShard = new HashMap<>();
    private final Map<String, ClosedSession> sessions = new LinkedHashMap<>();
    private final Map<String, CartAbandonment> alerts = new LinkedHashMap<>();

    public void add(String shardId, StepEffects effects) {
        // Like the conditional write "commit < :step": an older step never overwrites a newer one.
        Map<Long, Versioned<HourPage>> pages = pagesByShard.computeIfAbsent(shardId, s -> new HashMap<>());
        for (HourPage page : effects.changedPages()) {
            pages.merge(page.pageStartMillis(), new Versioned<>(effects.step(), page), Versioned::newer);
        }
        totalsByShard.merge(shardId, new Versioned<>(effects.step(), effects.totals()), Versioned::newer);
        for (ClosedSession s : effects.closedSessions()) {
            sessions.putIfAbsent(s.userId() + '\u0000' + s.sessionStart(), s);
        }
        for (CartAbandonment a : effects.alerts()) {
            alerts.putIfAbsent(a.alertId(), a);
        }
    }

    private record Versioned<T>(long step, T value) {
        static <T> Versioned<T> newer(Versioned<T> a, Versioned<T> b) {
            return b.step >= a.step ? b : a;
        }
    }

    public Report report() {
        TreeMap<Long, BigDecimal> revenue = new TreeMap<>();
        TreeMap<Long, Long> orders = new TreeMap<>();
        TreeMap<TimeWindow, Long> users = new TreeMap<>();
        record PageKey(long pageStart, String key) {
        }
        Map<PageKey, TierRevenue> tiers = new HashMap<>();
        Map<PageKey, AdCounts> ads = new HashMap<>();
        long pageMillis = 0;
        for (Map<Long, Versioned<HourPage>> pages : pagesByShard.values()) {
            for (Versioned<HourPage> versioned : pages.values()) {
                HourPage page = versioned.value();
                pageMillis = page.revenueWindow().end() - page.revenueWindow().start();
                if (page.orders() > 0) {
                    revenue.merge(page.pageStartMillis(), page.revenue(), BigDecimal::add);
                    orders.merge(page.pageStartMillis(), page.orders(), Long::sum);
                }
                for (HourPage.WindowCount w : page.nonEmptyActiveUserWindows()) {
                    users.merge(w.window(), (long) w.users(), Long::sum);
                }
                page.revenueByTier().forEach((tier, t) -> tiers.merge(new PageKey(page.pageStartMillis(), tier), t, TierRevenue::plus));
                page.ads().forEach((ad, c) -> ads.merge(new PageKey(page.pageStartMillis(), ad), c, AdCounts::plus));
            }
        }
        List<Report.RevenueWindow> revenueWindows = new ArrayList<>();
        for (Map.Entry<Long, BigDecimal> e : revenue.entrySet()) {
            TimeWindow w = new TimeWindow(e.getKey(), e.getKey() + pageMillis);
            revenueWindows.add(new Report.RevenueWindow(w.startInstant(), w.endInstant(), e.getValue(), orders.get(e.getKey())));
        }
        List<Report.TierRevenueWindow> tierWindows = new ArrayList<>();
        for (Map.Entry<PageKey, TierRevenue> e : tiers.entrySet()) {
            if (e.getValue().orders() > 0) {
                TimeWindow w = new TimeWindow(e.getKey().pageStart(), e.getKey().pageStart() + pageMillis);
                tierWindows.add(new Report.TierRevenueWindow(w.startInstant(), w.endInstant(), e.getKey().key(), e.getValue().revenue(),
                        e.getValue().orders()));
            }
        }
        List<Report.AdAttribution> adRows = new ArrayList<>();
        for (Map.Entry<PageKey, AdCounts> e : ads.entrySet()) {
            AdCounts c = e.getValue();
            if (!c.isZero()) {
                TimeWindow w = new TimeWindow(e.getKey().pageStart(), e.getKey().pageStart() + pageMillis);
                adRows.add(new Report.AdAttribution(w.startInstant(), w.endInstant(), e.getKey().key(), c.impressions(), c.clicks(),
                        c.attributedClicks()));
            }
        }
        List<Report.ActiveUsersWindow> activeWindows = new ArrayList<>();
        for (Map.Entry<TimeWindow, Long> e : users.entrySet()) {
            activeWindows.add(new Report.ActiveUsersWindow(e.getKey().startInstant(), e.getKey().endInstant(), e.getValue()));
        }
        List<Report.UserSession> sessionRows = new ArrayList<>();
        for (ClosedSession s : sessions.values()) {
            sessionRows.add(new Report.UserSession(s.userId(), s.sessionStart(), s.lastEvent(), s.events()));
        }
        List<Report.Abandonment> abandonments = new ArrayList<>();
        for (CartAbandonment a : alerts.values()) {
            abandonments.add(new Report.Abandonment(a.alertId(), a.userId(), a.cartOpened(), a.lastActivity(), a.products()));
        }
        StepCounts total = StepCounts.ZERO;
        for (Versioned<StepCounts> c : totalsByShard.values()) {
            total = total.plus(c.value());
        }
        return new Report(revenueWindows, activeWindows, sessionRows, abandonments, adRows, tierWindows,
                new Report.Counts(total.accepted(), total.duplicates(), total.rejected(), total.late()));
    }
}

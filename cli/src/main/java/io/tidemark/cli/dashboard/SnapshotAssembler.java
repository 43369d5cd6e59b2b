package io.tidemark.cli.dashboard;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.window.EventTimeTrigger;
import io.tidemark.core.window.TimeWindow;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.ShardHead;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link DashboardSnapshot} from what was read of the tables (pure: no I/O). Sums over shards the way
 * {@code tidemark query} does ({@link io.tidemark.core.report.ReportAssembler}), so every number equals the
 * matching part of {@code tidemark query all --json}; finality by the one rule ({@link EventTimeTrigger}) at the
 * sealed horizon of the head rows ({@link ReportReader#sealedHorizon(List)}).
 */
final class SnapshotAssembler {

    static final int LATEST_ALERTS = 20;

    private final PageLayout layout;
    private final Duration idleTimeout;

    SnapshotAssembler(PageLayout layout, Duration idleTimeout) {
        this.layout = layout;
        this.idleTimeout = idleTimeout;
    }

    /** The tables as read: head rows, the page rows of the pages the axis needs (by page start, one per shard), sessions, alerts. */
    record Read(List<ShardHead> heads, TimeAxis axis, Map<Long, List<HourPage>> pages, List<ClosedSession> sessions,
                List<CartAbandonment> alerts) {
    }

    DashboardSnapshot assemble(Read read, Long failureQueueDepth, long nowMillis) {
        TimeAxis axis = read.axis();
        long sealed = ReportReader.sealedHorizon(read.heads());
        List<DashboardSnapshot.UsersWindow> minutes = new ArrayList<>();
        for (int i = 0; i < TimeAxis.MINUTES; i++) {
            long start = axis.minuteWindowStart(i);
            TimeWindow window = new TimeWindow(start, start + layout.windowSizeMillis());
            long page = layout.pageStartOf(start);
            int index = (int) ((start - page) / layout.slideMillis());
            long users = 0;
            for (HourPage p : read.pages().getOrDefault(page, List.of())) {
                users += p.activeUsers(index);
            }
            minutes.add(new DashboardSnapshot.UsersWindow(iso(window.start()), iso(window.end()), users, !EventTimeTrigger.isFinal(window, sealed)));
        }

        long from = axis.firstHour();
        long to = axis.hoursEnd();
        List<DashboardSnapshot.RevenueHour> revenue = new ArrayList<>();
        TreeMap<String, AdCounts> ads = new TreeMap<>();
        TreeMap<String, TierRevenue> tiers = new TreeMap<>();
        long orders = 0;
        for (long hour = from; hour < to; hour += layout.pageMillis()) {
            BigDecimal sum = BigDecimal.ZERO;
            long hourOrders = 0;
            for (HourPage p : read.pages().getOrDefault(hour, List.of())) {
                sum = sum.add(p.revenue());
                hourOrders += p.orders();
                p.ads().forEach((ad, c) -> ads.merge(ad, c, AdCounts::plus));
                p.revenueByTier().forEach((tier, t) -> tiers.merge(tier, t, TierRevenue::plus));
            }
            orders += hourOrders;
            TimeWindow window = new TimeWindow(hour, hour + layout.pageMillis());
            revenue.add(new DashboardSnapshot.RevenueHour(iso(hour), iso(window.end()), money(sum), hourOrders,
                    !EventTimeTrigger.isFinal(window, sealed)));
        }
        List<DashboardSnapshot.AdRow> adRows = new ArrayList<>();
        ads.forEach((ad, c) -> {
            if (!c.isZero()) {
                adRows.add(new DashboardSnapshot.AdRow(ad, c.impressions(), c.clicks(), c.attributedClicks(),
                        c.impressions() == 0 ? null : ratio(c.attributedClicks(), c.impressions())));
            }
        });
        List<DashboardSnapshot.TierRow> tierRows = new ArrayList<>();
        tiers.forEach((tier, t) -> {
            if (t.orders() > 0) {
                tierRows.add(new DashboardSnapshot.TierRow(tier, money(t.revenue()), t.orders()));
            }
        });

        return new DashboardSnapshot(iso(nowMillis), iso(axis.asOf()), axis.source(), finalBefore(sealed),
                sealed == Timestamps.POSITIVE_INFINITY, new DashboardSnapshot.ActiveUsers(minutes.get(minutes.size() - 1), minutes),
                revenue, sessionsPerHour(read.sessions(), from, to), carts(read, from, to, orders), adRows, tierRows,
                health(read.heads(), failureQueueDepth, nowMillis));
    }

    private List<DashboardSnapshot.SessionHour> sessionsPerHour(List<ClosedSession> sessions, long from, long to) {
        TreeMap<Long, List<Long>> lengths = new TreeMap<>();
        for (ClosedSession s : sessions) {
            long start = s.sessionStart().toEpochMilli();
            if (start >= from && start < to) {
                lengths.computeIfAbsent(layout.pageStartOf(start), h -> new ArrayList<>())
                        .add(Duration.between(s.sessionStart(), s.lastEvent()).toSeconds());
            }
        }
        List<DashboardSnapshot.SessionHour> out = new ArrayList<>();
        for (long hour = from; hour < to; hour += layout.pageMillis()) {
            List<Long> l = lengths.getOrDefault(hour, List.of());
            List<Long> sorted = l.stream().sorted().toList();
            out.add(new DashboardSnapshot.SessionHour(iso(hour), iso(hour + layout.pageMillis()), sorted.size(),
                    sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2)));
        }
        return out;
    }

    private static DashboardSnapshot.Carts carts(Read read, long from, long to, long orders) {
        List<CartAbandonment> inRange = new ArrayList<>();
        for (CartAbandonment a : read.alerts()) {
            long opened = a.cartOpened().toEpochMilli();
            if (opened >= from && opened < to) {
                inRange.add(a);
            }
        }
        inRange.sort(Comparator.comparing(CartAbandonment::lastActivity).reversed().thenComparing(CartAbandonment::alertId));
        List<DashboardSnapshot.Alert> latest = inRange.stream().limit(LATEST_ALERTS)
                .map(a -> new DashboardSnapshot.Alert(a.alertId(), a.userId(), a.products(), a.cartOpened().toString(), a.lastActivity().toString()))
                .toList();
        long abandoned = inRange.size();
        long open = 0;
        for (ShardHead head : read.heads()) {
            open += head.progress().ended() ? 0 : head.openCarts(); // an ended shard's carts went to its children
        }
        return new DashboardSnapshot.Carts(latest, abandoned, orders, abandoned + orders == 0 ? null : ratio(abandoned, abandoned + orders), open);
    }

    private DashboardSnapshot.Health health(List<ShardHead> heads, Long failureQueueDepth, long now) {
        List<DashboardSnapshot.ShardHealth> shards = new ArrayList<>();
        long accepted = 0;
        long duplicates = 0;
        long rejected = 0;
        long late = 0;
        long lastStep = Long.MIN_VALUE;
        boolean anyLive = false;
        for (ShardHead head : heads) {
            long watermark = head.progress().watermark();
            boolean finite = watermark != Timestamps.NEGATIVE_INFINITY && watermark != Timestamps.POSITIVE_INFINITY;
            boolean ended = head.progress().ended();
            boolean stale = !ended && now - head.updatedAt() > idleTimeout.toMillis();
            shards.add(new DashboardSnapshot.ShardHealth(head.shardId(), head.step(), finite ? iso(watermark) : null,
                    finite ? Math.floorDiv(now - watermark, 1000) : null, head.updatedAt() > 0 ? iso(head.updatedAt()) : null, ended, stale));
            accepted += head.totals().accepted();
            duplicates += head.totals().duplicates();
            rejected += head.totals().rejected();
            late += head.totals().late();
            if (!ended) {
                anyLive = true;
                lastStep = Math.max(lastStep, head.updatedAt());
            }
        }
        boolean stale = anyLive && now - lastStep > idleTimeout.toMillis();
        return new DashboardSnapshot.Health(shards, idleTimeout.toSeconds(), new DashboardSnapshot.Counts(accepted, duplicates, rejected, late),
                rejected + late, failureQueueDepth, stale);
    }

    private static String finalBefore(long sealed) {
        return sealed == Timestamps.NEGATIVE_INFINITY || sealed == Timestamps.POSITIVE_INFINITY ? null : iso(sealed);
    }

    static String money(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).toPlainString();
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}

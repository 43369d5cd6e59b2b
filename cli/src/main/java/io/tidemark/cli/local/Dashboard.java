package io.tidemark.cli.local;

import io.tidemark.core.report.Report;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * The live view of {@code tidemark local --generate}: the views, redrawn in place on a
 * terminal, or one summary line per refresh when the output is not a terminal.
 */
public final class Dashboard {

    private final PrintStream out;
    private final boolean terminal;

    public Dashboard(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void show(Report views, Instant sealed, Instant now, long fed, long total) {
        List<Report.RevenueWindow> revenue = views.revenuePerHour();
        List<Report.ActiveUsersWindow> active = views.activeUsers();
        Report.Counts c = views.counts();
        if (!terminal) {
            out.printf("%s  %d/%d records  accepted %d  revenue windows %d  active-user windows %d  sessions %d  alerts %d%n",
                    now, fed, total, c.accepted(), revenue.size(), active.size(), views.sessions().size(), views.cartAbandonments().size());
            return;
        }
        StringBuilder s = new StringBuilder("\033[H\033[2J");
        s.append(String.format("tidemark local — event time %s   final up to %s%n", now, sealed.equals(Instant.MIN) ? "—" : sealed));
        s.append(String.format("records %,d / %,d   accepted %,d   duplicates %,d   rejected %,d   late %,d%n%n", fed, total,
                c.accepted(), c.duplicates(), c.rejected(), c.late()));
        s.append("Revenue per hour\n");
        revenue.stream().skip(Math.max(0, revenue.size() - 3)).forEach(w -> s.append(String.format("  %s  %12s  %6d orders%n",
                w.windowStart(), w.revenue().toPlainString(), w.orders())));
        s.append("\nActive users (5 min, every minute)\n");
        active.stream().skip(Math.max(0, active.size() - 6)).forEach(w -> s.append(String.format("  %s–%s  %6d  %s%n",
                w.windowStart(), w.windowEnd(), w.users(), "█".repeat((int) Math.min(50, w.users())))));
        List<Report.AdAttribution> ads = views.adAttribution();
        s.append("\nAd attribution (last hours: impressions / clicks / attributed, ctr)\n");
        ads.stream().skip(Math.max(0, ads.size() - 4)).forEach(a -> s.append(String.format("  %s  %-10s %6d / %6d / %6d  %s%n",
                a.windowStart(), a.adId(), a.impressions(), a.clicks(), a.attributedClicks(), a.ctr() == null ? "-" : a.ctr().toPlainString())));
        List<Report.TierRevenueWindow> tiers = views.revenuePerHourByTier();
        s.append("\nRevenue by customer tier (last hours)\n");
        tiers.stream().skip(Math.max(0, tiers.size() - 4)).forEach(w -> s.append(String.format("  %s  %-10s %12s  %6d orders%n",
                w.windowStart(), w.tier(), w.revenue().toPlainString(), w.orders())));
        s.append(String.format("%nSessions closed: %,d%n", views.sessions().size()));
        s.append(String.format("Abandoned carts: %,d%n", views.cartAbandonments().size()));
        views.cartAbandonments().stream().skip(Math.max(0, views.cartAbandonments().size() - 5)).forEach(a ->
                s.append(String.format("  %s  opened %s  last %s  %s%n", a.userId(), a.cartOpened(), a.lastActivity(), a.products())));
        out.print(s);
        out.flush();
    }
}

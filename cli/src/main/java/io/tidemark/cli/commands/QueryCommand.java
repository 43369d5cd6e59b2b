package io.tidemark.cli.commands;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/** {@code tidemark query}: the views as they are in DynamoDB now. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Reads the views from DynamoDB (the deployed stack's tables, LocalStack, the emulators). "
                + "Windows are summed over shards; a window is final once every shard's watermark horizon has passed its end.",
                "VIEW is revenue, active-users, sessions, carts (abandoned carts), ad-attribution (impressions, clicks, attributed clicks "
                        + "and click-through rate per ad and hour), revenue-by-tier (revenue per hour per customer tier) or all; "
                        + "'all --json' prints the report shape of docs/spec.md §5.",
                "cart --user U and sessions --user U --as-of T rebuild that user's cart or sessions at instant T from the event "
                        + "archive (event sourcing: the state at any time is the replay of the events up to it)."},
        footer = {"", "Examples:",
                "  tidemark query revenue",
                "  tidemark query active-users --from 2026-11-23T10:00:00Z --to 2026-11-23T11:00:00Z",
                "  tidemark query ad-attribution --json",
                "  tidemark query revenue-by-tier",
                "  tidemark query all --json --endpoint-url http://localhost:4566 > report.json",
                "  tidemark query cart --user u1 --as-of 2026-11-23T10:20:00Z",
                "  tidemark query sessions --user u1 --as-of 2026-11-23T12:00:00Z --archive s3://my-archive/ --json"})
public final class QueryCommand implements Callable<Integer> {

    enum View { revenue, active_users, sessions, carts, cart, ad_attribution, revenue_by_tier, all }

    @Parameters(index = "0", paramLabel = "VIEW", converter = ViewConverter.class,
            description = "revenue | active-users | sessions | carts | cart | ad-attribution | revenue-by-tier | all")
    View view;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Only windows, sessions and carts starting at or after this instant.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only those starting before this instant.")
    Instant to;

    @Option(names = "--user", paramLabel = "USER_ID", description = "cart and sessions: this user only (required for cart).")
    String user;

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "cart and sessions: the user's state at this instant, rebuilt "
            + "from the event archive (events with event time at or before it). cart without it: as of now.")
    Instant asOf;

    @Option(names = "--archive", paramLabel = "s3://BUCKET/PREFIX|DIR", description = "With --as-of: the event archive. Default: the "
            + "stack's ArchiveBucketName output, else ./" + LocalCommand.DEFAULT_ARCHIVE + ".")
    String archive;

    @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "Table prefix. Default: the stack's TablePrefix output, else 'tidemark'.")
    String tablePrefix;

    @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
    String stack;

    @Option(names = "--json", description = "JSON: for 'all' the docs/spec.md §5 report, otherwise that view's array.")
    boolean json;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        ToolClients clients = aws.clients();
        if (asOf != null && view != View.cart && view != View.sessions) {
            throw new IllegalArgumentException("--as-of applies to cart and sessions (a user's state rebuilt from the archive), not to "
                    + view.name().replace('_', '-'));
        }
        if (view == View.cart || asOf != null) {
            return new PointInTimeQuery(clients, stack, archive).print(view == View.cart, user, asOf, json, System.out);
        }
        String prefix = new StackLookup(clients, stack).resolveOr(tablePrefix, "--table-prefix", StackOutputs.TABLE_PREFIX, "tidemark",
                "using tables tidemark-*");
        Report report;
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            report = new ReportReader(StateStore.create(dynamo, TableNames.forPrefix(prefix)), ViewSettings.spec()).read();
        }
        report = filtered(report);
        if (user != null) {
            String only = user;
            report = new Report(report.revenuePerHour(), report.activeUsers(),
                    report.sessions().stream().filter(x -> x.userId().equals(only)).toList(),
                    report.cartAbandonments().stream().filter(a -> a.userId().equals(only)).toList(), report.adAttribution(),
                    report.revenuePerHourByTier(), report.counts());
        }
        PrintStream out = System.out;
        if (json) {
            String all = ReportJson.toJson(report);
            out.println(view == View.all ? all : section(all));
            return 0;
        }
        switch (view) {
            case revenue -> printRevenue(report, out);
            case active_users -> printActiveUsers(report, out);
            case sessions -> printSessions(report, out);
            case carts -> printCarts(report, out);
            case ad_attribution -> printAdAttribution(report, out);
            case revenue_by_tier -> printRevenueByTier(report, out);
            case cart -> throw new IllegalStateException("cart is answered from the archive");
            case all -> {
                printRevenue(report, out);
                printActiveUsers(report, out);
                printSessions(report, out);
                printCarts(report, out);
                printAdAttribution(report, out);
                printRevenueByTier(report, out);
                Report.Counts c = report.counts();
                out.printf("%ncounts: %,d accepted, %,d duplicates, %,d rejected, %,d late%n", c.accepted(), c.duplicates(), c.rejected(), c.late());
            }
        }
        return 0;
    }

    private Report filtered(Report r) {
        return new Report(
                keep(r.revenuePerHour(), Report.RevenueWindow::windowStart),
                keep(r.activeUsers(), Report.ActiveUsersWindow::windowStart),
                keep(r.sessions(), Report.UserSession::sessionStart),
                keep(r.cartAbandonments(), Report.Abandonment::cartOpened),
                keep(r.adAttribution(), Report.AdAttribution::windowStart),
                keep(r.revenuePerHourByTier(), Report.TierRevenueWindow::windowStart),
                r.counts());
    }

    private <T> List<T> keep(List<T> items, Function<T, Instant> start) {
        Predicate<Instant> inRange = t -> (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
        return items.stream().filter(i -> inRange.test(start.apply(i))).toList();
    }

    /** The one array of the report this view is about. */
    private String section(String reportJson) {
        try {
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reportJson);
            String key = switch (view) {
                case revenue -> "revenue_per_hour";
                case active_users -> "active_users";
                case sessions -> "sessions";
                case carts -> "cart_abandonments";
                case ad_attribution -> "ad_attribution";
                case revenue_by_tier -> "revenue_per_hour_by_tier";
                case cart, all -> throw new IllegalStateException();
            };
            return tree.get(key).toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void printRevenue(Report r, PrintStream out) {
        out.println("Revenue per hour");
        out.printf("  %-22s %-22s %14s %8s%n", "window_start", "window_end", "revenue", "orders");
        r.revenuePerHour().forEach(w -> out.printf("  %-22s %-22s %14s %8d%n", w.windowStart(), w.windowEnd(), w.revenue().toPlainString(), w.orders()));
    }

    private static void printActiveUsers(Report r, PrintStream out) {
        out.println("Active users (5-minute windows, every minute)");
        out.printf("  %-22s %-22s %8s%n", "window_start", "window_end", "users");
        r.activeUsers().forEach(w -> out.printf("  %-22s %-22s %8d%n", w.windowStart(), w.windowEnd(), w.users()));
    }

    private static void printSessions(Report r, PrintStream out) {
        out.println("Sessions (30-minute gap)");
        out.printf("  %-16s %-22s %-22s %8s%n", "user_id", "session_start", "last_event", "events");
        r.sessions().forEach(s -> out.printf("  %-16s %-22s %-22s %8d%n", s.userId(), s.sessionStart(), s.lastEvent(), s.events()));
    }

    private static void printCarts(Report r, PrintStream out) {
        out.println("Abandoned carts");
        out.printf("  %-16s %-22s %-22s %-38s %s%n", "user_id", "cart_opened", "last_activity", "alert_id", "products");
        r.cartAbandonments().forEach(a -> out.printf("  %-16s %-22s %-22s %-38s %s%n", a.userId(), a.cartOpened(), a.lastActivity(),
                a.alertId(), String.join(",", a.products())));
    }

    private static void printAdAttribution(Report r, PrintStream out) {
        out.println("Ad attribution (clicks attributed to the same user's latest impression of the ad within 10 minutes)");
        out.printf("  %-22s %-16s %11s %8s %10s %8s%n", "window_start", "ad_id", "impressions", "clicks", "attributed", "ctr");
        r.adAttribution().forEach(a -> out.printf("  %-22s %-16s %11d %8d %10d %8s%n", a.windowStart(), a.adId(), a.impressions(), a.clicks(),
                a.attributedClicks(), a.ctr() == null ? "-" : a.ctr().toPlainString()));
    }

    private static void printRevenueByTier(Report r, PrintStream out) {
        out.println("Revenue per hour by customer tier");
        out.printf("  %-22s %-12s %14s %8s%n", "window_start", "tier", "revenue", "orders");
        r.revenuePerHourByTier().forEach(w -> out.printf("  %-22s %-12s %14s %8d%n", w.windowStart(), w.tier(), w.revenue().toPlainString(),
                w.orders()));
    }

    /** Accepts {@code active-users} as well as {@code active_users}. */
    static final class ViewConverter implements picocli.CommandLine.ITypeConverter<View> {
        @Override
        public View convert(String value) {
            try {
                return View.valueOf(value.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("VIEW must be revenue, active-users, sessions, carts, cart, "
                        + "ad-attribution, revenue-by-tier or all, got '"
                        + value + "'");
            }
        }
    }
}

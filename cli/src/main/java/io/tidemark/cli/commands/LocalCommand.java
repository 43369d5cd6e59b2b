package io.tidemark.cli.commands;

import io.tidemark.cli.alerts.AlertFormat;
import io.tidemark.cli.customers.CustomerFile;
import io.tidemark.cli.dashboard.FailureQueue;
import io.tidemark.cli.dashboard.LiveDashboard;
import io.tidemark.cli.local.Dashboard;
import io.tidemark.cli.local.ReshardSchedule;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.cli.options.GeneratorOptions;
import io.tidemark.config.PipelineConfig;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.events.EventJson;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.handlers.AlertSink;
import io.tidemark.local.BoundedInput;
import io.tidemark.local.LocalPipeline;
import io.tidemark.local.StateBackend;
import io.tidemark.local.archive.DirectoryArchiveWriter;
import io.tidemark.local.store.InMemoryDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tidemark local}: the whole pipeline on this machine, state in the embedded store. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline on this machine: the real Lambda handlers, fed like Lambda's Kinesis event "
                + "source mapping by an in-process stream (records sharded by user_id as Kinesis does), state in an embedded "
                + "in-memory store with DynamoDB's items and conditional writes, alerts relayed from the alerts table's stream and printed. No Docker, no AWS account.",
                "With --input, the file is a bounded stream: at its end the watermark goes to +∞, so every window is final "
                        + "and every cart timer fires. With --generate, generated traffic is played live, event time accelerated, "
                        + "with a dashboard of the four views."},
        footer = {"", "Examples:",
                "  tidemark local --input events/samples/cart-abandonment.jsonl --report report.json",
                "  tidemark local --input events/samples/customer-enrichment.jsonl --customers events/samples/customer-enrichment.customers.csv",
                "  tidemark generate --seed 7 --count 100000 | tidemark local --input - --report report.json",
                "  tidemark local --generate --users 200 --speed 120",
                "  tidemark local --input events.jsonl --shards 1 --reshard 1000:2 --reshard 2000:4 --reshard 3000:2",
                "  tidemark local --input events.jsonl --archive /tmp/archive && tidemark query cart --user u1 --as-of 2026-11-23T10:20:00Z --archive /tmp/archive"})
public final class LocalCommand implements Callable<Integer> {

    /** Where {@code tidemark local} archives and {@code query --as-of} / {@code replay} look without a stack. */
    public static final String DEFAULT_ARCHIVE = "tidemark-archive";

    @Option(names = "--input", paramLabel = "FILE|-", description = "JSON Lines to process, in arrival order ('-' for stdin).")
    String input;

    @Option(names = "--generate", description = "Play generated traffic live instead of a file (generator options below).")
    boolean generate;

    @Option(names = "--speed", defaultValue = "60", description = "With --generate: seconds of event time per second (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--report", paramLabel = "OUT.json", description = "Write the views in the docs/spec.md §5 report shape.")
    Path report;

    @Option(names = "--customers", paramLabel = "FILE", description = "Load this customers file (JSON Lines or CSV, as 'tidemark customers "
            + "load') into the customers table first; without it every purchase counts under tier 'unknown'.")
    Path customers;

    @Option(names = "--shards", defaultValue = "2", description = "Shards of the in-process stream (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--reshard", paramLabel = "LINE:SHARDS", description = "Reshard the in-process stream before input line LINE "
            + "to SHARDS open shards: twice as many (every shard split) or half as many (neighbours merged); repeatable. "
            + "State follows the users to the new shards, so the views do not change.")
    List<String> reshards = List.of();

    @Option(names = "--batch-size", description = "Records per handler invocation (default: the event source mapping's, 500).")
    Integer batchSize;

    @Option(names = "--watermark-delay", description = "Bounded out-of-orderness (default PT2M).")
    Duration watermarkDelay;

    @Option(names = "--allowed-lateness", description = "How long windows wait for late events (default PT10M).")
    Duration allowedLateness;

    @Option(names = "--json", description = "Alerts as one JSON object per line on stdout; the summary as JSON on stderr.")
    boolean json;

    @Option(names = "--quiet", description = "No alerts or progress on the console (the report still gets written).")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = "--archive", paramLabel = "DIR", defaultValue = DEFAULT_ARCHIVE,
            description = "Archive every record of the run here, as JSON Lines in the archive layout (events/event_date=…/), "
                    + "for tidemark replay and query --as-of (default ${DEFAULT-VALUE}; runs add files, never overwrite).")
    Path archive;

    @Option(names = "--no-archive", description = "Do not archive the records.")
    boolean noArchive;

    @Option(names = "--handler-log", paramLabel = "FILE", description = "Write the handlers' JSON log lines (one per batch) here; "
            + "by default only their warnings and errors are shown, on stderr.")
    Path handlerLogFile;

    @Option(names = "--dashboard", arity = "0..1", fallbackValue = "8321", paramLabel = "PORT", description = "Serve the live dashboard "
            + "(as 'tidemark dashboard') on 127.0.0.1:PORT (default 8321; 0: any free port) while the run plays; it stays up after the "
            + "run until Ctrl-C.")
    Integer dashboardPort;

    @Mixin
    GeneratorOptions generator;

    @Override
    public Integer call() throws Exception {
        if ((input == null) == !generate) {
            throw new IllegalArgumentException("give --input FILE (or - for stdin) or --generate");
        }
        ReshardSchedule schedule = ReshardSchedule.parse(reshards, shards);
        if (generate && !schedule.isEmpty()) {
            throw new IllegalArgumentException("--reshard counts lines of --input; it does not work with --generate");
        }
        PipelineConfig config = config();
        PrintStream out = System.out;
        AlertSink alerts = quiet ? alert -> { } : json ? AlertSink.printingTo(out)
                : alert -> {
                    synchronized (out) {
                        out.println("ALERT " + AlertFormat.pretty(alert.toJson()));
                    }
                };
        CustomerFile.Contents customerFile = customers == null ? null : CustomerFile.read(customers, null);
        if (customerFile != null && !customerFile.problems().isEmpty()) {
            throw new IllegalArgumentException("--customers " + customers + ": " + customerFile.problems().size() + " invalid lines, the first "
                    + customerFile.problems().get(0) + " (check the file with 'tidemark customers load --help')");
        }
        long began = System.nanoTime();
        {
            Clock clock = generate ? acceleratedClock() : Clock.systemUTC();
            InMemoryDatabase database = new InMemoryDatabase(clock);
            LocalPipeline pipeline = LocalPipeline.builder(StateBackend.embedded(database), config)
                    .relayAlerts(alerts).shards(shards).clock(clock)
                    .handlerLog(handlerLog(), handlerLogFile != null)
                    .archive(noArchive ? null : new DirectoryArchiveWriter(archive, clock.instant()))
                    .build();
            LiveDashboard dashboard = null;
            try {
                if (dashboardPort != null) {
                    dashboard = LiveDashboard.start(StateStore.on(database.items(pipeline.tables(), new WriteMeter())), config.eventTime(),
                            FailureQueue.counting(() -> pipeline.failures().records().size()), clock, LiveDashboard.Settings.loopback(dashboardPort));
                    System.err.println("tidemark local: dashboard at " + dashboard.url());
                }
                if (customerFile != null) {
                    pipeline.loadCustomers(customerFile.customers());
                }
                if (generate) {
                    playLive(pipeline, clock);
                } else {
                    replay(pipeline, config, schedule);
                }
                pipeline.endOfInput();
                Report views = pipeline.report();
                if (report != null) {
                    try (var file = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
                        ReportJson.write(views, file);
                    }
                }
                summary(views, pipeline, (System.nanoTime() - began) / 1e9);
                if (dashboard != null) {
                    System.err.println("tidemark local: the run is over; the dashboard stays up at " + dashboard.url() + " until Ctrl-C");
                    DashboardCommand.awaitInterrupt(dashboard);
                }
                return pipeline.failures().discarded().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
            } finally {
                if (dashboard != null) {
                    dashboard.close();
                }
                pipeline.close();
            }
        }
    }

    private PrintStream handlerLog() throws IOException {
        return handlerLogFile == null ? System.err
                : new PrintStream(Files.newOutputStream(handlerLogFile), true, StandardCharsets.UTF_8);
    }

    private PipelineConfig config() {
        PipelineConfig config = PipelineConfig.defaults();
        EventTimeSettings t = config.eventTime();
        config = config.withEventTime(new EventTimeSettings(watermarkDelay != null ? watermarkDelay : t.watermarkDelay(),
                t.idleTimeout(), allowedLateness != null ? allowedLateness : t.allowedLateness()));
        if (batchSize != null) {
            var e = config.eventSource();
            config = config.withEventSource(new io.tidemark.config.EventSourceSettings(batchSize, e.maximumBatchingWindow(),
                    e.startingPosition(), e.reportBatchItemFailures(), e.bisectBatchOnFunctionError(), e.maximumRetryAttempts(),
                    e.maximumRecordAge(), e.parallelizationFactor()));
        }
        return config;
    }

    /** A bounded input, as fast as it goes. */
    private void replay(LocalPipeline pipeline, PipelineConfig config, ReshardSchedule schedule) throws IOException, InterruptedException {
        long total = -1;
        BufferedReader reader;
        if (input.equals("-")) {
            reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        } else {
            Path path = Path.of(input);
            try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
                total = lines.count();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + input);
            }
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }
        boolean progress = !quiet && !json && System.console() != null;
        long lastShown = 0;
        // A file's records arrive by the file's own clock: a file of any date works, one far-ahead stamp stands out.
        BoundedInput bounded = new BoundedInput(config.eventTime());
        try (reader) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                for (BoundedInput.Line ready : bounded.add(number, line.getBytes(StandardCharsets.UTF_8))) {
                    accept(pipeline, ready, schedule);
                }
                if (progress && System.nanoTime() - lastShown > 500_000_000L) {
                    lastShown = System.nanoTime();
                    System.err.printf("\r%,d records%s", pipeline.recordsFed(), total > 0 ? String.format(" of %,d", total) : "");
                }
            }
        }
        for (BoundedInput.Line ready : bounded.finish()) {
            accept(pipeline, ready, schedule);
        }
        if (progress) {
            System.err.printf("\r%,d records%s%n", pipeline.recordsFed(), total > 0 ? String.format(" of %,d", total) : "");
        }
    }

    private static void accept(LocalPipeline pipeline, BoundedInput.Line line, ReshardSchedule schedule) throws InterruptedException {
        for (ReshardSchedule.Reshard r : schedule.dueBefore(line.number())) {
            pipeline.reshard(r.shards());
        }
        pipeline.accept(line.partitionKey(), line.data(), Instant.ofEpochMilli(line.arrival()));
    }

    /** Generated traffic, each record fed when the accelerated clock reaches its arrival time. */
    private void playLive(LocalPipeline pipeline, Clock clock) throws InterruptedException {
        GeneratorSettings s = generator.settings();
        Instant start = clock.instant();
        GeneratorSettings live = new GeneratorSettings(s.seed(), s.users(), s.count(), start, s.duration(), s.abandonRate(),
                s.duplicateRate(), s.orderDuplicateRate(), s.lateRate(), s.invalidRate(), s.maxDelay(), s.delayDistribution(),
                s.lateDelayMin(), s.lateDelayMax());
        List<GeneratedRecord> records = new TrafficGenerator(live).generate();
        Dashboard dashboard = new Dashboard(System.err, !quiet && !json && System.console() != null);
        long nextRefresh = 0;
        long nextSweep = clock.millis() + 60_000;
        for (GeneratedRecord r : records) {
            while (clock.millis() < r.arrivalMillis()) {
                Thread.sleep(Math.max(1, Math.min(50, (long) ((r.arrivalMillis() - clock.millis()) / speed))));
            }
            byte[] data = (r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()))
                    .getBytes(StandardCharsets.UTF_8);
            pipeline.accept(PartitionKeys.of(data), data);
            if (System.nanoTime() > nextRefresh) {
                pipeline.flush();
                if (clock.millis() >= nextSweep) {
                    pipeline.sweep();
                    nextSweep = clock.millis() + 60_000;
                }
                if (!quiet) {
                    dashboard.show(pipeline.report(), pipeline.sealedHorizon(), clock.instant(), pipeline.recordsFed(), records.size());
                }
                nextRefresh = System.nanoTime() + 1_000_000_000L;
            }
        }
    }

    private Clock acceleratedClock() {
        Instant origin = Instant.now();
        long startNanos = System.nanoTime();
        double factor = speed;
        if (factor <= 0) {
            throw new IllegalArgumentException("--speed must be > 0, got " + speed);
        }
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return origin.plusNanos((long) ((System.nanoTime() - startNanos) * factor));
            }
        };
    }

    private static String revenueByTier(Report views) {
        java.util.TreeMap<String, java.math.BigDecimal> byTier = new java.util.TreeMap<>();
        views.revenuePerHourByTier().forEach(w -> byTier.merge(w.tier(), w.revenue(), java.math.BigDecimal::add));
        return byTier.isEmpty() ? "none" : byTier.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toPlainString())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private void summary(Report views, LocalPipeline pipeline, double seconds) {
        Report.Counts c = views.counts();
        if (json) {
            System.err.printf("{\"records\":%d,\"accepted\":%d,\"duplicates\":%d,\"rejected\":%d,\"late\":%d,\"revenue_windows\":%d,"
                            + "\"active_user_windows\":%d,\"sessions\":%d,\"abandonments\":%d,\"ad_attribution_rows\":%d,"
                            + "\"tier_revenue_windows\":%d,\"failed_batches\":%d,\"seconds\":%.3f,\"archive\":%s}%n",
                    pipeline.recordsFed(), c.accepted(), c.duplicates(), c.rejected(), c.late(), views.revenuePerHour().size(),
                    views.activeUsers().size(), views.sessions().size(), views.cartAbandonments().size(), views.adAttribution().size(),
                    views.revenuePerHourByTier().size(), pipeline.failures().records().size(), seconds,
                    noArchive ? "null" : new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(archive.toString()).toString());
            return;
        }
        if (quiet) {
            return;
        }
        PrintStream err = System.err;
        err.printf("tidemark local: %,d records in %.1f s (%,.1f records/s): %,d accepted, %,d duplicates, %,d rejected, %,d late%n",
                pipeline.recordsFed(), seconds, pipeline.recordsFed() / Math.max(seconds, 1e-9), c.accepted(), c.duplicates(),
                c.rejected(), c.late());
        views.revenuePerHour().forEach(w -> err.printf("  revenue %s–%s  %s  (%d orders)%n", w.windowStart(), w.windowEnd(),
                w.revenue().toPlainString(), w.orders()));
        err.printf("  %d active-user windows (peak %d users), %d sessions, %d abandoned carts%n", views.activeUsers().size(),
                views.activeUsers().stream().mapToLong(Report.ActiveUsersWindow::users).max().orElse(0), views.sessions().size(),
                views.cartAbandonments().size());
        err.printf("  ads: %d impressions, %d clicks, %d attributed; revenue by tier: %s%n",
                views.adAttribution().stream().mapToLong(Report.AdAttribution::impressions).sum(),
                views.adAttribution().stream().mapToLong(Report.AdAttribution::clicks).sum(),
                views.adAttribution().stream().mapToLong(Report.AdAttribution::attributedClicks).sum(), revenueByTier(views));
        if (!pipeline.failures().records().isEmpty()) {
            err.printf("  %d batches failed the handler and went to the on-failure destination%n", pipeline.failures().records().size());
        }
        if (report != null) {
            err.println("  report: " + report);
        }
        if (!noArchive) {
            err.println("  archive: " + archive + " (tidemark replay --source " + archive + " …, tidemark query cart --archive " + archive + " …)");
        }
    }
}

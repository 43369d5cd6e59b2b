package io.tidemark.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.cli.alerts.AlertFormat;
import io.tidemark.cli.customers.CustomerFile;
import io.tidemark.cli.dashboard.FailureQueue;
import io.tidemark.cli.dashboard.LiveDashboard;
import io.tidemark.cli.local.Dashboard;
import io.tidemark.cli.local.ReshardSchedule;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.cli.options.GeneratorOptions;
import io.tidemark.cli.options.UsageError;
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
import io.tidemark.local.input.JsonLinesInput;
import io.tidemark.local.quarantine.QuarantineJson;
import io.tidemark.local.quarantine.QuarantineQuery;
import io.tidemark.local.store.InMemoryDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** Where {@code tidemark local --archive} keeps the records and {@code query --as-of} / {@code replay} look without a stack. */
    public static final String DEFAULT_ARCHIVE = "tidemark-archive";

    private static final int MAX_PRINTED_REFUSED = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LineNumbers lines = new LineNumbers();

    @Option(names = "--input", paramLabel = "FILE|-", description = "JSON Lines to process, in arrival order ('-' for stdin).")
    String input;

    @Option(names = "--generate", description = "Play generated traffic live instead of a file (generator options below).")
    boolean generate;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "60", description = "With --generate: seconds of event time per second (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--report", paramLabel = "OUT.json", description = "Write the views in the docs/spec.md §5 report shape.")
    Path report;

    @Option(names = "--customers", paramLabel = "FILE", description = "Load this customers file (JSON Lines or CSV, as 'tidemark customers "
            + "load') into the customers table first; without it every purchase counts under tier 'unknown'.")
    Path customers;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "2", description = "Shards of the in-process stream (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--reshard", paramLabel = "LINE:SHARDS", description = "Reshard the in-process stream before input line LINE "
            + "to SHARDS open shards: twice as many (every shard split) or half as many (neighbours merged); repeatable. "
            + "State follows the users to the new shards, so the views do not change.")
    List<String> reshards = List.of();

    @Option(names = "--batch-size", paramLabel = "N", description = "Records per handler invocation (default: the event source mapping's, 500).")
    Integer batchSize;

    @Option(names = "--watermark-delay", paramLabel = "DURATION", description = "Bounded out-of-orderness (default PT2M).")
    Duration watermarkDelay;

    @Option(names = "--allowed-lateness", paramLabel = "DURATION", description = "How long windows wait for late events (default PT10M).")
    Duration allowedLateness;

    @Option(names = "--json", description = "Alerts as one JSON object per line on stdout; the summary as JSON on stderr.")
    boolean json;

    @Option(names = "--quiet", description = "No alerts or progress on the console (the report still gets written).")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = "--archive", paramLabel = "DIR", arity = "0..1", fallbackValue = DEFAULT_ARCHIVE,
            description = "Keep every record of the run in DIR (default DIR: " + DEFAULT_ARCHIVE + "), as JSON Lines in the archive "
                    + "layout (events/event_date=…/), for tidemark replay and query --as-of. Runs add files and never delete any: "
                    + "the archive grows with every run. Default: no archive.")
    Path archive;

    @Option(names = "--no-archive", description = "Keep no archive (the default; for scripts written when archiving was).")
    boolean noArchive;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write every rejected and late line here, as JSON Lines: its line "
            + "number, kind, reasons and bytes ('data', or 'data_base64' when they are not UTF-8).")
    Path rejects;

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
        if (input != null && generate) {
            throw new UsageError("give --input FILE or --generate, not both");
        }
        if (input == null && !generate) {
            throw new UsageError("give --input FILE (or - for standard input) or --generate");
        }
        if (noArchive) {
            archive = null;
        }
        ReshardSchedule schedule = ReshardSchedule.parse(reshards, shards);
        if (generate && !schedule.isEmpty()) {
            throw new UsageError("--reshard counts lines of --input; it does not work with --generate");
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
                    .archive(archive == null ? null : new DirectoryArchiveWriter(archive, clock.instant()))
                    .build();
            LiveDashboard dashboard = null;
            WriteMeter dashboardReads = new WriteMeter(); // the dashboard's own reads, apart from the pipeline's
            long dashboardStarted = System.nanoTime();
            try {
                if (dashboardPort != null) {
                    dashboard = LiveDashboard.start(StateStore.on(database.items(pipeline.tables(), dashboardReads)), config.eventTime(),
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
                List<ObjectNode> refused = refusedLines(pipeline);
                if (report != null) {
                    ObjectNode written = (ObjectNode) JSON.readTree(ReportJson.toJson(views));
                    refused.forEach(written.putArray("quarantined_lines")::add);
                    JSON.writerWithDefaultPrettyPrinter().writeValue(report.toFile(), written);
                }
                if (rejects != null) {
                    try (var file = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
                        for (ObjectNode line : refused) {
                            file.write(line.toString());
                            file.write('\n');
                        }
                    }
                }
                summary(views, pipeline, refused, (System.nanoTime() - began) / 1e9,
                        dashboard == null ? null : new DashboardReads(dashboardReads.snapshot().readUnits(), dashboard.polls(),
                                (System.nanoTime() - dashboardStarted) / 1e9));
                if (dashboard != null) {
                    System.err.println("tidemark local: the run is over; the dashboard stays up at " + dashboard.url() + " until Ctrl-C");
                    DashboardCommand.awaitInterrupt(dashboard);
                }
                // Rejected lines are quarantined and listed, the run itself is complete: not an error (as the samples show).
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
        long total = input.equals("-") ? -1 : JsonLinesInput.countLines(input, "--input");
        boolean progress = !quiet && !json && System.console() != null;
        long lastShown = 0;
        // A file's records arrive by the file's own clock: a file of any date works, one far-ahead stamp stands out.
        BoundedInput bounded = new BoundedInput(config.eventTime());
        // Bytes, not text: a line that is not UTF-8 is rejected (and quarantined with its bytes) while the rest goes on.
        try (JsonLinesInput reader = JsonLinesInput.open(input, "--input")) {
            for (JsonLinesInput.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.isBlank()) {
                    continue;
                }
                for (BoundedInput.Line ready : bounded.add(line.number(), line.bytes())) {
                    feed(pipeline, ready, schedule);
                }
                if (progress && System.nanoTime() - lastShown > 500_000_000L) {
                    lastShown = System.nanoTime();
                    System.err.printf("\r%,d records%s", pipeline.recordsFed(), total > 0 ? String.format(" of %,d", total) : "");
                }
            }
        }
        for (BoundedInput.Line ready : bounded.finish()) {
            feed(pipeline, ready, schedule);
        }
        if (progress) {
            System.err.printf("\r%,d records%s%n", pipeline.recordsFed(), total > 0 ? String.format(" of %,d", total) : "");
        }
    }

    private void feed(LocalPipeline pipeline, BoundedInput.Line line, ReshardSchedule schedule) throws InterruptedException {
        for (ReshardSchedule.Reshard r : schedule.dueBefore(line.number())) {
            pipeline.reshard(r.shards());
        }
        lines.fed(line.number());
        pipeline.accept(line.partitionKey(), line.data(), Instant.ofEpochMilli(line.arrival()));
    }

    /** Every rejected and late line with its number, in line order (as --rejects and the report list them). */
    private List<ObjectNode> refusedLines(LocalPipeline pipeline) {
        List<ObjectNode> out = new ArrayList<>();
        QuarantineQuery.all().run(pipeline.quarantine()).stream()
                .sorted(Comparator.comparingLong(e -> lines.lineOf(LocalPipeline.streamPosition(e.sequenceNumber()))))
                .forEach(e -> {
                    ObjectNode o = JSON.createObjectNode().put("line", lines.lineOf(LocalPipeline.streamPosition(e.sequenceNumber())));
                    o.setAll(QuarantineJson.of(e));
                    out.add(o);
                });
        return out;
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
            lines.fed(lines.count() + 1); // generated records: "line" n is the n-th record
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

    /** What the dashboard read while the run played, in read units by DynamoDB's rules (the embedded store computes them). */
    private record DashboardReads(double readUnits, long polls, double seconds) {

        double perMinute() {
            return readUnits / seconds * 60;
        }

        ObjectNode json() {
            return JSON.createObjectNode().put("read_units", Math.round(readUnits * 10) / 10.0).put("polls", polls)
                    .put("seconds", Math.round(seconds * 10) / 10.0).put("read_units_per_minute", Math.round(perMinute() * 10) / 10.0);
        }
    }

    private void summary(Report views, LocalPipeline pipeline, List<ObjectNode> refused, double seconds, DashboardReads dashboardReads)
            throws IOException {
        Report.Counts c = views.counts();
        ArchiveSize kept = archive == null ? null : ArchiveSize.of(archive);
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("records", pipeline.recordsFed()).put("accepted", c.accepted()).put("duplicates", c.duplicates()).put("rejected", c.rejected())
                    .put("late", c.late()).put("revenue_windows", views.revenuePerHour().size()).put("active_user_windows", views.activeUsers().size())
                    .put("sessions", views.sessions().size()).put("abandonments", views.cartAbandonments().size())
                    .put("ad_attribution_rows", views.adAttribution().size()).put("tier_revenue_windows", views.revenuePerHourByTier().size())
                    .put("failed_batches", pipeline.failures().records().size()).put("seconds", Math.round(seconds * 1000) / 1000.0)
                    .put("rejects", rejects == null ? null : rejects.toString()).put("archive", archive == null ? null : archive.toString())
                    .put("archive_bytes", kept == null ? null : kept.bytes());
            o.set("dashboard", dashboardReads == null ? null : dashboardReads.json());
            System.err.println(o);
            return;
        }
        if (quiet) {
            return;
        }
        PrintStream err = System.err;
        refused.stream().limit(MAX_PRINTED_REFUSED).forEach(line -> err.println("tidemark local: line " + line.get("line").asLong() + ": "
                + line.get("kind").asText() + ": " + String.join("; ", JSON.convertValue(line.get("reasons"), String[].class))));
        if (refused.size() > MAX_PRINTED_REFUSED) {
            err.println("… and " + (refused.size() - MAX_PRINTED_REFUSED) + " more rejected or late lines ("
                    + (rejects == null ? "--rejects FILE lists them all" : "all in " + rejects) + ")");
        }
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
        if (dashboardReads != null) {
            err.printf("  dashboard: %,.1f read units in %,d reads of the tables over %.0f s%s, shared by every open page%n",
                    dashboardReads.readUnits(), dashboardReads.polls(), dashboardReads.seconds(),
                    dashboardReads.seconds() < 60 ? "" : String.format(" (%,.1f per minute)", dashboardReads.perMinute()));
        }
        if (report != null) {
            err.println("  report: " + report);
        }
        if (rejects != null) {
            err.println("  rejected and late lines: " + rejects);
        }
        if (kept != null) {
            err.printf("  archive: %s, %,.1f MB in %,d files, growing with every run: delete it when done with "
                    + "tidemark replay --source %s and tidemark query cart --archive %s%n", archive, kept.bytes() / 1e6, kept.files(), archive, archive);
        }
    }

    /** How much an archive directory holds. */
    private record ArchiveSize(long bytes, long files) {
        static ArchiveSize of(Path dir) throws IOException {
            long[] total = {0, 0};
            if (Files.isDirectory(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(f -> {
                        total[0] += f.toFile().length();
                        total[1]++;
                    });
                }
            }
            return new ArchiveSize(total[0], total[1]);
        }
    }

    /** Which input line each record fed to the in-process stream came from (blank lines are not fed). */
    private static final class LineNumbers {
        /** Position on the stream → line minus position, from that position on (changes only after a skipped line). */
        private final java.util.TreeMap<Long, Long> offsets = new java.util.TreeMap<>();
        private long fed;

        void fed(long line) {
            fed++;
            long offset = line - fed;
            var previous = offsets.floorEntry(fed);
            if (previous == null || previous.getValue() != offset) {
                offsets.put(fed, offset);
            }
        }

        long count() {
            return fed;
        }

        long lineOf(long position) {
            var at = offsets.floorEntry(position);
            return position + (at == null ? 0 : at.getValue());
        }
    }
}

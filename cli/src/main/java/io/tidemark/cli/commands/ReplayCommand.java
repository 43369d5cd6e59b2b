package io.tidemark.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.archive.ArchiveSources;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportComparison;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchivedLineages;
import io.tidemark.local.archive.ArchiveReader;
import io.tidemark.local.archive.ArchivedLog;
import io.tidemark.local.archive.KinesisLogReader;
import io.tidemark.local.replay.Replay;
import io.tidemark.local.replay.ReplayLineage;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tidemark replay}: rebuild every view from the log into fresh tables, then compare. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Kappa reprocessing: reads the event log (the archive in S3, a local archive, or the Kinesis stream from an "
                + "instant on), runs every record through the same Kinesis handler and sweeper as the live pipeline into the tables "
                + "of --target, then compares the rebuilt views with those of --compare-with and prints every difference.",
                "Each record goes to the shard and position it had live; shards are fed abreast by arrival time. Fresh target "
                        + "tables get the end of input (watermark +∞: every window final, every cart timer fired); tables that already "
                        + "hold state, such as the live ones, do not, and a replay into them changes nothing (exactly-once). Alerts are "
                        + "recorded in the target's alerts table, never published.",
                "Exit code 0: no differences; 5: differences; 3: records exhausted the handler's retries."},
        footer = {"", "Examples:",
                "  tidemark replay --target tidemark-v2                       # the stack's archive bucket, compared with the live tables",
                "  tidemark replay --source s3://my-archive/ --target rebuilt --compare-with tidemark --json",
                "  tidemark replay --source tidemark-archive --target rebuilt --endpoint-url http://localhost:4566",
                "  tidemark replay --source events@2026-11-23T10:00:00Z --target rebuilt",
                "", "Switch readers over (docs/replay.md): tidemark query all --table-prefix tidemark-v2"})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--source", paramLabel = "s3://BUCKET/PREFIX|DIR|FILE|STREAM@INSTANT",
            description = "The log. Default: the stack's ArchiveBucketName output, else ./" + LocalCommand.DEFAULT_ARCHIVE + ".")
    String source;

    @Option(names = "--target", required = true, paramLabel = "PREFIX", description = "Table prefix to rebuild into (created if missing).")
    String target;

    @Option(names = "--compare-with", paramLabel = "PREFIX",
            description = "Tables to compare with. Default: the stack's TablePrefix output, else 'tidemark'.")
    String compareWith;

    @Option(names = "--customers-from", paramLabel = "PREFIX", description = "Enrich purchases from this prefix's customers table "
            + "(default: the compared prefix, the live pipeline's; with --no-compare the target's own, usually empty).")
    String customersFrom;

    @Option(names = "--no-compare", description = "Only rebuild.")
    boolean noCompare;

    @Option(names = "--end-of-input", negatable = true,
            description = "End the input after the last record (default: only if the target tables held no state before).")
    Boolean endOfInput;

    @Option(names = "--watermark-delay", paramLabel = "DURATION", description = "Bounded out-of-orderness of the replay (default PT2M, as live).")
    Duration watermarkDelay;

    @Option(names = "--allowed-lateness", paramLabel = "DURATION", description = "Allowed lateness of the replay (default PT10M, as live).")
    Duration allowedLateness;

    @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
    String stack;

    @Option(names = "--json", description = "Print the result and the differences as one JSON object.")
    boolean json;

    @Option(names = "--progress", negatable = true, description = "Show progress bars (default: when attached to a terminal).")
    Boolean progress;

    @Option(names = "--handler-log", paramLabel = "FILE", description = "Write the handlers' JSON log lines here (default: warnings and errors on stderr).")
    Path handlerLogFile;

    @Mixin
    AwsOptions aws;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PRINTED_DIFFERENCES = 40;

    @Override
    public Integer call() throws Exception {
        ToolClients clients = aws.clients();
        StackLookup outputs = new StackLookup(clients, stack);
        ArchiveSources.Source from = ArchiveSources.source(source, "--source", outputs);
        String compared = noCompare ? null : compareWith != null ? compareWith
                : outputs.output(StackOutputs.TABLE_PREFIX).orElse("tidemark");
        PipelineConfig config = config();
        boolean showProgress = progress != null ? progress : System.console() != null && !json;
        PrintStream err = System.err;
        PrintStream handlerLog = handlerLogFile == null ? err
                : new PrintStream(Files.newOutputStream(handlerLogFile), true, StandardCharsets.UTF_8);
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            String reference = compared;
            if (reference != null && !reference.equals(target)) {
                requireViews(dynamo, reference); // before hours of replay, not after
            }
            ArchivedLog log = read(from, clients, showProgress);
            if (!json) {
                err.printf("tidemark replay: %,d records of %d shards from %s%s%n", log.size(), log.shards().size(), describe(from),
                        log.redeliveries() > 0 ? String.format(" (%,d redelivered copies dropped)", log.redeliveries()) : "");
            }
            Replay replay = new Replay(io.tidemark.local.StateBackend.dynamoDb(dynamo, null), config, Clock.systemUTC(), handlerLog, handlerLogFile != null);
            String customersPrefix = customersFrom != null ? customersFrom : compared;
            if (customersPrefix != null) {
                replay.withCustomersTable(TableNames.forPrefix(customersPrefix).of(io.tidemark.config.Table.CUSTOMERS));
            }
            // A resharded stream's children start from their parents, as live: the lineage the archive recorded,
            // else the one the live pipeline kept in its state table.
            String lineagePrefix = customersFrom != null ? customersFrom : compared != null ? compared
                    : outputs.output(StackOutputs.TABLE_PREFIX).orElse("tidemark");
            ReplayLineage lineage = ReplayLineage.choose(archivedLineage(from, clients),
                    () -> tableExists(dynamo, lineagePrefix) ? Optional.of(StateStore.create(dynamo, TableNames.forPrefix(lineagePrefix))
                            .lineages().readAll()) : Optional.empty(), log.shards());
            replay.withLineage(lineage.lineages());
            if (!json) {
                err.printf("  shard lineage: %s%n", describe(lineage, lineagePrefix));
            }
            boolean hadState = replay.targetHasState();
            boolean end = endOfInput != null ? endOfInput : !hadState;
            // Into the compared tables: compare with them as they were before (the replay must change nothing).
            boolean sameTables = target.equals(reference);
            if (sameTables && !hadState) {
                reference = null; // nothing to compare with: the tables are new
            }
            Report before = sameTables && reference != null ? readViews(dynamo, reference) : null;
            if (hadState && !json) {
                err.printf("  %s-* already hold shard state: records they applied are skipped%s%n", target,
                        end ? "" : "; the input is not ended (their own pipeline moves their watermark)");
            }
            Replay.Result result;
            try (ProgressBar bar = showProgress ? bar("replay", log.size()) : null) {
                result = replay.run(log, end, (fed, total) -> {
                    if (bar != null) {
                        bar.stepTo(fed);
                    }
                });
            }
            ReportComparison.Outcome outcome = null;
            if (reference != null) {
                Report referenceViews = sameTables ? before : readViews(dynamo, reference);
                long horizon = sameTables ? Timestamps.POSITIVE_INFINITY : sealedHorizon(dynamo, reference);
                outcome = ReportComparison.settledBefore(result.views(), referenceViews, horizon);
            }
            print(from, log, result, lineage, reference, outcome);
            if (result.discarded() > 0) {
                return ExitCodes.PARTIAL;
            }
            return outcome == null || outcome.identical() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
        }
    }

    private ArchivedLog read(ArchiveSources.Source from, ToolClients clients, boolean showProgress) throws InterruptedException {
        if (from instanceof ArchiveSources.Stream stream) {
            try (KinesisClient kinesis = clients.kinesis(); ProgressBar bar = showProgress ? bar("read " + stream.name(), -1) : null) {
                return new KinesisLogReader(kinesis).read(stream.name(), stream.from(), n -> {
                    if (bar != null) {
                        bar.stepTo(n);
                    }
                });
            }
        }
        ArchiveLocation location = ((ArchiveSources.Archive) from).location();
        try (S3Client s3 = location instanceof ArchiveLocation.S3Prefix ? clients.s3() : null;
             ProgressBar bar = showProgress ? bar("read archive", -1) : null) {
            return new ArchiveReader(s3, p -> true, r -> true, (read, total, records) -> {
                if (bar != null) {
                    bar.maxHint(total);
                    bar.stepTo(read);
                    bar.setExtraMessage(String.format(" %,d records", records));
                }
            }).read(location);
        }
    }

    private static List<ShardLineage> archivedLineage(ArchiveSources.Source from, ToolClients clients) {
        if (!(from instanceof ArchiveSources.Archive archive)) {
            return List.of();
        }
        try (S3Client s3 = archive.location() instanceof ArchiveLocation.S3Prefix ? clients.s3() : null) {
            return new ArchivedLineages(s3).read(archive.location());
        }
    }

    private static String describe(ReplayLineage lineage, String tablePrefix) {
        String table = TableNames.forPrefix(tablePrefix).of(io.tidemark.config.Table.STATE);
        String which = switch (lineage.source()) {
            case ARCHIVE -> "from the archive's lineage objects";
            case STATE_TABLE -> "from the state table " + table;
            case ARCHIVE_AND_STATE_TABLE -> "from the archive's lineage objects and the state table " + table;
            case NONE -> "none (no lineage objects in the archive, no state table " + table + "): every shard replays as one the stream was created with";
        };
        String shards = lineage.lineages().isEmpty() ? "" : String.format(" (%d shards)", lineage.lineages().size());
        String unnamed = lineage.unnamed().isEmpty() || lineage.source() == ReplayLineage.Source.NONE ? ""
                : "; not named, replayed without parents: " + String.join(", ", lineage.unnamed());
        return which + shards + unnamed;
    }

    private static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    private static Report readViews(DynamoDbClient dynamo, String prefix) {
        return new ReportReader(StateStore.create(dynamo, TableNames.forPrefix(prefix)), ViewSettings.spec()).read();
    }

    private static void requireViews(DynamoDbClient dynamo, String prefix) {
        String table = TableNames.forPrefix(prefix).of(io.tidemark.config.Table.VIEWS);
        try {
            dynamo.describeTable(b -> b.tableName(table));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            throw new IllegalArgumentException("--compare-with " + prefix + ": there is no table " + table
                    + ": give the prefix of the live tables (the stack's TablePrefix output), or --no-compare");
        }
    }

    private static boolean tableExists(DynamoDbClient dynamo, String prefix) {
        try {
            dynamo.describeTable(b -> b.tableName(TableNames.forPrefix(prefix).of(io.tidemark.config.Table.STATE)));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return false;
        }
    }

    private static long sealedHorizon(DynamoDbClient dynamo, String prefix) {
        long h = new ReportReader(StateStore.create(dynamo, TableNames.forPrefix(prefix)), ViewSettings.spec()).sealedHorizon();
        if (h == Timestamps.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("--compare-with " + prefix + ": the tables " + prefix + "-* hold no views (no shard has "
                    + "stepped); give the live table prefix, or --no-compare");
        }
        return h;
    }

    private PipelineConfig config() {
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(target);
        EventTimeSettings t = config.eventTime();
        return config.withEventTime(new EventTimeSettings(watermarkDelay != null ? watermarkDelay : t.watermarkDelay(), t.idleTimeout(),
                allowedLateness != null ? allowedLateness : t.allowedLateness()));
    }

    private static String describe(ArchiveSources.Source from) {
        return from instanceof ArchiveSources.Stream s ? "stream " + s : ((ArchiveSources.Archive) from).location().toString();
    }

    private void print(ArchiveSources.Source from, ArchivedLog log, Replay.Result r, ReplayLineage lineage, String reference,
                       ReportComparison.Outcome outcome) {
        Report.Counts c = r.views().counts();
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("source", describe(from));
            root.put("target", r.target());
            root.put("records", r.records());
            root.put("shards", r.shards());
            root.put("redeliveries_dropped", log.redeliveries());
            ObjectNode shardLineage = root.putObject("lineage");
            shardLineage.put("source", lineage.source().json());
            shardLineage.put("shards", lineage.lineages().size());
            lineage.unnamed().forEach(shardLineage.putArray("unnamed_shards")::add);
            root.put("ended_input", r.endedInput());
            root.put("discarded", r.discarded());
            root.put("seconds", r.took().toMillis() / 1000.0);
            ObjectNode counts = root.putObject("counts");
            counts.put("accepted", c.accepted());
            counts.put("duplicates", c.duplicates());
            counts.put("rejected", c.rejected());
            counts.put("late", c.late());
            if (outcome != null) {
                ObjectNode comparison = ReportComparison.toJson(outcome);
                comparison.put("compared_with", reference);
                root.set("comparison", comparison);
            }
            System.out.println(root);
            return;
        }
        PrintStream out = System.out;
        out.printf("replayed %,d records into %s-* in %.1f s: %,d accepted, %,d duplicates, %,d rejected, %,d late%s%n", r.records(),
                r.target(), r.took().toMillis() / 1000.0, c.accepted(), c.duplicates(), c.rejected(), c.late(),
                r.endedInput() ? "; input ended, every view final" : "");
        if (r.discarded() > 0) {
            out.printf("%,d records exhausted the handler's retries (see the handler log)%n", r.discarded());
        }
        if (outcome == null) {
            return;
        }
        if (outcome.identical()) {
            out.printf("no differences with %s-* (%,d items of %s; %s)%n", reference, outcome.itemsCompared(),
                    String.join(", ", outcome.sections()), outcome.scope());
            return;
        }
        out.printf("%,d differences with %s-* (%s):%n", outcome.differences().size(), reference, outcome.scope());
        outcome.differences().stream().limit(MAX_PRINTED_DIFFERENCES).forEach(d -> out.println("  " + d));
        if (outcome.differences().size() > MAX_PRINTED_DIFFERENCES) {
            out.printf("  … and %,d more (--json lists them all)%n", outcome.differences().size() - MAX_PRINTED_DIFFERENCES);
        }
    }
}

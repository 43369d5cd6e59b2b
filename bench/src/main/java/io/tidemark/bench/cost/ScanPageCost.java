package io.tidemark.bench.cost;

import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.events.EventJson;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.GeneratorSettings.DelayDistribution;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.local.LocalPipeline;
import io.tidemark.local.StateBackend;
import io.tidemark.local.store.InMemoryDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What one {@code Scan} of the tables costs as they fill: the read a page would make each refresh if it did not read
 * by key. The traffic of {@code bench/dashboard-read-units} in real time ({@code --rate} records per second of event
 * time) is fed to the embedded pipeline on a clock of its own, flushed every second as {@code tidemark local
 * --generate} does, so the tables hold what they would after that many minutes of real time, without waiting for
 * them; after each minute, a strongly consistent Scan of each table, in read units by DynamoDB's rules.
 */
@Command(name = "scan-page-cost", mixinStandardHelpOptions = true,
        description = "Read units of one Scan of the views and alerts tables after each minute of generated traffic.")
public final class ScanPageCost implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--minutes", defaultValue = "3", description = "Minutes of traffic (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--shards", defaultValue = "2", description = "Shards (default ${DEFAULT-VALUE}).")
    int shards;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScanPageCost()).execute(args));
    }

    /** A clock the feeder moves: the records' arrival times. */
    private static final class FeedClock extends Clock {
        private volatile long millis;

        FeedClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Override
    public Integer call() throws Exception {
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        // As bench/dashboard-read-units at --speed 1: users = RATE × 735 (a visit is about 4.9 records, first visits spread
        // over the first hour), --count RATE × 60 × MINUTES, the generator's other defaults.
        GeneratorSettings settings = new GeneratorSettings(1, rate * 735, (long) rate * 60 * minutes, start, null, 0.3,
                0, 0, 0, 0, Duration.ofMinutes(2), DelayDistribution.UNIFORM, Duration.ofMinutes(30), Duration.ofMinutes(90));
        List<GeneratedRecord> records = new TrafficGenerator(settings).generate();
        FeedClock clock = new FeedClock(start.toEpochMilli());
        InMemoryDatabase database = new InMemoryDatabase(clock);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%,d records, %d shards; one strongly consistent Scan, in read units:%n", records.size(), shards);
        out.println("minute | views table | alerts table | views + alerts | state table");
        try (PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
             LocalPipeline pipeline = LocalPipeline.builder(StateBackend.embedded(database), PipelineConfig.defaults())
                     .relayAlerts(alert -> { }).shards(shards).clock(clock).handlerLog(silent, false).build()) {
            long nextFlush = start.toEpochMilli() + 1_000;
            long nextMinute = start.toEpochMilli() + 60_000;
            int minute = 0;
            for (GeneratedRecord r : records) {
                while (r.arrivalMillis() >= nextFlush) {
                    clock.millis = nextFlush;
                    pipeline.flush();
                    if (nextFlush >= nextMinute) {
                        pipeline.sweep();
                        scan(database, pipeline, ++minute, out);
                        nextMinute += 60_000;
                    }
                    nextFlush += 1_000;
                }
                clock.millis = Math.max(clock.millis, r.arrivalMillis());
                byte[] data = (r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event())).getBytes(StandardCharsets.UTF_8);
                pipeline.accept(PartitionKeys.of(data), data);
            }
            pipeline.flush();
            scan(database, pipeline, ++minute, out);
        }
        return 0;
    }

    private static void scan(InMemoryDatabase database, LocalPipeline pipeline, int minute, PrintStream out) {
        double views = scanUnits(database, pipeline, Table.VIEWS);
        double alerts = scanUnits(database, pipeline, Table.ALERTS);
        double state = scanUnits(database, pipeline, Table.STATE);
        out.printf(Locale.ROOT, "%d | %,.0f | %,.0f | %,.0f | %,.0f%n", minute, views, alerts, views + alerts, state);
    }

    private static double scanUnits(InMemoryDatabase database, LocalPipeline pipeline, Table table) {
        WriteMeter meter = new WriteMeter();
        ItemStore store = database.items(pipeline.tables(), meter);
        store.scan(table, item -> { });
        return meter.snapshot().readUnits();
    }
}

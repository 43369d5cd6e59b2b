package io.tidemark.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.bench.cost.WriteCostRun;
import io.tidemark.bench.cost.WritesByItemKind;
import io.tidemark.bench.cost.model.ArchiveInputs;
import io.tidemark.bench.cost.model.Bill;
import io.tidemark.bench.cost.model.CostInputs;
import io.tidemark.bench.cost.model.CostModel;
import io.tidemark.bench.cost.model.KinesisMode;
import io.tidemark.bench.cost.model.Prices;
import io.tidemark.bench.cost.model.StreamShape;
import io.tidemark.bench.cost.model.UnitsAtBatch;
import io.tidemark.bench.input.BenchInput;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.dynamodb.StateRetention;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * What a user pays at every traffic level, side by side with Managed Service for Apache Flink: the
 * {@link CostModel} fed by this run's measurements — Tidemark's write and read units and handler time
 * per batch at the batch sizes the default latency budget gives at each rate (and at 1, 3, 10, 50 and
 * 500), the naive per-event pipeline's at the same batch sizes, the Flink job's events per CPU-second
 * with checkpointing on, record, state, view and archive bytes per event — times the dated price table.
 */
public final class CostSection {

    /** Traffic levels, events per second. */
    public static final List<Double> RATES = List.of(12.0, 100.0, 1_000.0, 10_000.0);
    /** Batch sizes always measured besides the levels' own. */
    static final List<Integer> FIXED_BATCHES = List.of(1, 3, 10, 50, 500);
    /** The Kinesis handler's memory: CDK context kinesisHandlerMemoryMb's default. */
    static final int HANDLER_MEMORY_MB = 1_024;
    /** One DynamoDB write request's round trip from Lambda, added per request to the handler's in-process time (assumed, not measured). */
    static final double DYNAMO_ROUND_TRIP_MS = 10;
    /** The sweeper's duration per run (assumed). */
    static final double SWEEPER_SECONDS = 0.2;
    /** The alert publisher's duration per invocation (assumed). */
    static final double PUBLISHER_SECONDS = 0.05;
    /** Provisioned shards carry at most 80 % of their limits. */
    static final double SHARD_HEADROOM = 1.25;
    /** Checkpoint interval of the Flink job while measured: short, so that a run of seconds takes several. */
    static final long FLINK_CHECKPOINT_INTERVAL_MS = 100;

    /** Targets: Tidemark ÷ Managed Flink on the same (provisioned) stream. */
    public static final double TARGET_RATIO_AT_12 = 0.5;
    public static final double TARGET_RATIO_AT_1000 = 1.0;

    /** One price as the table shows it. */
    public record PriceRow(String item, BigDecimal usd, String unit, String source) {
    }

    /** One traffic level on one kind of stream. */
    public record Level(double eventsPerSecond, KinesisMode mode, Bill tidemark, Bill naive, Bill flink, long flinkKpus) {
        /** Tidemark's total ÷ Managed Flink's. */
        public double ratioToFlink() {
            return tidemark.total().divide(flink.total(), 6, RoundingMode.HALF_UP).doubleValue();
        }

        /** The same ratio without the event archive, which both pay alike and which dominates both at high rates. */
        public double ratioToFlinkWithoutArchive() {
            BigDecimal t = tidemark.total().subtract(tidemark.line(CostModel.ARCHIVE));
            BigDecimal f = flink.total().subtract(flink.line(CostModel.ARCHIVE));
            return t.divide(f, 6, RoundingMode.HALF_UP).doubleValue();
        }
    }

    /**
     * @param input                    the measured input (batch sizes, naive pipeline)
     * @param flinkCommand             the Flink measurement's command
     * @param flinkCheckpointsPerRun   checkpoints the Flink job completed in each measured run
     * @param flinkViewsEqual          whether the checkpointed Flink job's views equalled Tidemark's
     * @param runtimeFirstBatchMs      the Lambda runtime's primed first batch (cold-start section, same run), or null
     * @param runtimeBatch             its batch size
     * @param modelMsAtRuntimeBatch    the model's handler time at that batch size
     */
    public record Result(String input, String flinkCommand, String pricesRegion, String pricesAsOf, List<PriceRow> prices, CostInputs inputs,
                         List<Long> flinkCheckpointsPerRun, Boolean flinkViewsEqual, List<Level> levels, Double runtimeFirstBatchMs, int runtimeBatch,
                         double modelMsAtRuntimeBatch) {

        public Level level(double eventsPerSecond, KinesisMode mode) {
            return levels.stream().filter(l -> l.eventsPerSecond() == eventsPerSecond && l.mode() == mode).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no cost level at " + eventsPerSecond + " events/s, " + mode.label()));
        }

        public boolean checkpointed() {
            return flinkCheckpointsPerRun.stream().anyMatch(c -> c > 0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private CostSection() {
    }

    /**
     * @param writeCost  the write-cost section of the same run, whose batch-size sweep of the naive pipeline (on the same input) is reused;
     *                   null: the naive pipeline is measured here at the smallest and the largest of the levels' batch sizes
     * @param coldStart  the cold-start section of the same run (the Lambda runtime's numbers, shown beside the model's), or null
     * @param archive    how the archive is built, from the archive's own measurements ({@link ArchiveInputs#archiver}); null: today's
     *                   Firehose archive ({@link ArchiveInputs#firehose}) at this input's record size
     */
    public static Result run(DynamoDbClient dynamo, BenchInput input, BenchInput flinkInput, int flinkRepeat, WriteCostSection.Result writeCost,
                             ColdStartSection.Result coldStart, ArchiveInputs archive, Path outDir, PrintStream progress)
            throws IOException, InterruptedException {
        Prices prices = Prices.usEast1();
        EventSourceSettings source = EventSourceSettings.defaults();
        double recordBytes = input.lines().stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
        // The batch sizes of the traffic levels (the shape needs only the record size, the window and the mapping's batch size).
        ArchiveInputs archived = archive != null ? archive : ArchiveInputs.firehose(recordBytes);
        CostInputs sizing = inputs(List.of(), List.of(), recordBytes, 0, 0, 0, 0, 1, "", source, archived);
        TreeSet<Integer> levelBatches = new TreeSet<>();
        for (double rate : RATES) {
            for (KinesisMode mode : KinesisMode.values()) {
                levelBatches.add(sizing.shape(rate, mode).batchSize());
            }
        }
        TreeSet<Integer> batches = new TreeSet<>(FIXED_BATCHES);
        batches.addAll(levelBatches);
        boolean reuse = writeCost != null && writeCost.sweepInput().equals(input.describe());
        List<Integer> naiveBatches = reuse ? List.of() : List.of(levelBatches.first(), levelBatches.last());
        progress.printf("cost: %s; Tidemark at batch sizes %s, the naive pipeline %s%n", input.describe(), batches,
                reuse ? "from the write-cost section's sweep" : "at " + naiveBatches);
        WriteCostRun runs = new WriteCostRun(dynamo, input.lines());
        List<UnitsAtBatch> tidemark = new ArrayList<>();
        WriteCostRun.Result full = null;
        for (int b : batches) {
            WriteCostRun.Result r = exactlyOnce(runs.run(WriteCostRun.Implementation.TIDEMARK, b, 1));
            tidemark.add(units(r));
            full = r;
            print(progress, r);
        }
        List<UnitsAtBatch> naive = new ArrayList<>();
        if (reuse) {
            writeCost.sweep().stream().filter(p -> p.implementation().equals("naive")).forEach(p -> naive.add(units(p)));
        }
        for (int b : naiveBatches) {
            WriteCostRun.Result r = exactlyOnce(runs.run(WriteCostRun.Implementation.NAIVE, b, 1));
            naive.add(units(r));
            print(progress, r);
        }
        double stateBytes = bytes(full, "state ") / (double) full.acceptedEvents();
        double viewBytes = (bytes(full, "views ") + bytes(full, "alerts ") + bytes(full, "quarantine ")) / (double) full.acceptedEvents();
        double alerts = runs.reference().cartAbandonments().size() / (double) runs.reference().counts().accepted();
        double gzipBytes = gzipBytesPerRecord(input.lines());
        FlinkRun flink = flink(flinkInput.file(), outDir.resolve("flink"), flinkRepeat, progress);
        CostInputs inputs = inputs(tidemark, naive, recordBytes, gzipBytes, stateBytes, viewBytes, alerts, flink.eventsPerCpuSecond(), flink.checkpointing(),
                source, archived);
        CostModel model = new CostModel(prices, inputs);
        List<Level> levels = new ArrayList<>();
        for (KinesisMode mode : List.of(KinesisMode.PROVISIONED, KinesisMode.ON_DEMAND)) {
            for (double rate : RATES) {
                Level l = new Level(rate, mode, model.tidemark(rate, mode), model.naive(rate, mode), model.flink(rate, mode), model.kpus(rate));
                levels.add(l);
                progress.printf("cost: %,8.0f events/s, %-11s (%d shards, batches of %d): Tidemark $%s, naive $%s, Managed Flink $%s a month (%.2f×)%n",
                        rate, mode.label(), l.tidemark().shape().shards(), l.tidemark().shape().batchSize(), l.tidemark().totalRounded(),
                        l.naive().totalRounded(), l.flink().totalRounded(), l.ratioToFlink());
            }
        }
        List<PriceRow> priceRows = new ArrayList<>();
        prices.prices().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> priceRows.add(new PriceRow(e.getKey().key(), e.getValue().usd(), e.getValue().unit(), e.getValue().source())));
        Double runtimeMs = coldStart == null ? null : coldStart.primed().firstBatchMs();
        int runtimeBatch = coldStart == null ? ColdStartSection.FIRST_BATCH : coldStart.firstBatch();
        var curve = new io.tidemark.bench.cost.model.UnitsCurve(tidemark);
        double modelMs = curve.handlerMsPerBatch(runtimeBatch) + curve.writeRequestsPerBatch(runtimeBatch) * DYNAMO_ROUND_TRIP_MS;
        return new Result(input.describe(), flink.command(), prices.region(), prices.asOf(), List.copyOf(priceRows), inputs, flink.checkpointsPerRun(),
                flink.viewsEqual(), List.copyOf(levels), runtimeMs, runtimeBatch, modelMs);
    }

    static CostInputs inputs(List<UnitsAtBatch> tidemark, List<UnitsAtBatch> naive, double recordBytes, double gzipBytes, double stateBytes,
                             double viewBytes, double alerts, double flinkPerCpuSecond, String checkpointing, EventSourceSettings source,
                             ArchiveInputs archive) {
        return new CostInputs(tidemark, naive, recordBytes, gzipBytes, stateBytes, viewBytes, alerts, flinkPerCpuSecond, checkpointing, HANDLER_MEMORY_MB,
                DYNAMO_ROUND_TRIP_MS, SWEEPER_SECONDS, PUBLISHER_SECONDS, source.maximumBatchingWindow(), source.batchSize(), SHARD_HEADROOM,
                StateRetention.defaults().itemTtl(), archive);
    }

    private static WriteCostRun.Result exactlyOnce(WriteCostRun.Result r) {
        if (!r.exactlyOnce()) {
            throw new IllegalStateException(r.implementation() + " at batch size " + r.batchSize() + ": the views differ from the reference ("
                    + r.firstDifference().orElseThrow() + "); a cost only counts if exactly-once held");
        }
        return r;
    }

    static UnitsAtBatch units(WriteCostRun.Result r) {
        double views = r.byItemKind().stream().filter(k -> !k.kind().startsWith("state ")).mapToDouble(WritesByItemKind.ItemKind::writeUnits).sum();
        return new UnitsAtBatch(r.batchSize(), r.writeUnitsPerEvent(), r.readUnits() / r.acceptedEvents(), views / r.acceptedEvents(),
                r.writeRequests() / (double) r.batches(), r.handlerSeconds() * 1_000 / r.batches());
    }

    /** A point of the write-cost sweep (the naive pipeline's): its handler time is not kept there (0), and the model does not use it. */
    static UnitsAtBatch units(WriteCostSection.Point p) {
        long batches = (p.records() + p.batchSize() - 1) / p.batchSize();
        return new UnitsAtBatch(p.batchSize(), p.writeUnitsPerEvent(), p.readUnits() / p.acceptedEvents(), 0, p.writeRequests() / (double) batches,
                0);
    }

    private static long bytes(WriteCostRun.Result r, String tablePrefix) {
        return r.byItemKind().stream().filter(k -> k.kind().startsWith(tablePrefix)).mapToLong(WritesByItemKind.ItemKind::bytes).sum();
    }

    private static void print(PrintStream progress, WriteCostRun.Result r) {
        progress.printf("  %-8s batch %5d: %.4f WU/event, %.4f RU/event, %.2f write requests and %.2f ms in the handler per batch%n",
                r.implementation().name().toLowerCase(), r.batchSize(), r.writeUnitsPerEvent(), r.readUnits() / r.acceptedEvents(),
                r.writeRequests() / (double) r.batches(), r.handlerSeconds() * 1_000 / r.batches());
    }

    /** Bytes of a record gzipped as the archive stores them: the whole input compressed, per record. */
    static double gzipBytesPerRecord(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String l : lines) {
                gz.write(l.getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size() / (double) lines.size();
    }

    record FlinkRun(String command, double eventsPerCpuSecond, String checkpointing, List<Long> checkpointsPerRun, Boolean viewsEqual) {
    }

    /** The Flink comparison with checkpointing on, in its own JVM, as the Flink section runs it. */
    static FlinkRun flink(Path input, Path outDir, int repeat, PrintStream progress) throws IOException, InterruptedException {
        if (!FlinkSection.available()) {
            throw new IllegalStateException(FlinkSection.MAIN + " is not on the class path: the cost model needs the Flink job's measured throughput");
        }
        Files.createDirectories(outDir);
        Path log = outDir.resolve("flink-comparison.log");
        Path json = outDir.resolve("flink-comparison.json");
        Files.deleteIfExists(json);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-cp", System.getProperty("java.class.path"), FlinkSection.MAIN, "--input", input.toString(), "--out", outDir.toString(),
                "--repeat", Integer.toString(repeat), "--flink-watermarks", "PER_EVENT", "--checkpoint-interval-ms",
                Long.toString(FLINK_CHECKPOINT_INTERVAL_MS)));
        String shown = "java -Xmx3g -cp bench/target/benchmarks.jar " + FlinkSection.MAIN + " --input " + input.getFileName() + " --out "
                + outDir.getFileName() + " --repeat " + repeat + " --flink-watermarks PER_EVENT --checkpoint-interval-ms " + FLINK_CHECKPOINT_INTERVAL_MS;
        progress.println("cost: " + shown);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the checkpointed Flink run did not finish within 60 minutes: see " + log);
        }
        if (!Files.exists(json)) {
            throw new IllegalStateException("the checkpointed Flink run wrote no " + json.getFileName() + " (exit " + p.exitValue() + "): see " + log);
        }
        JsonNode root = JSON.readTree(json.toFile());
        List<Long> checkpoints = new ArrayList<>();
        root.path("flink_checkpoints_per_run").forEach(n -> checkpoints.add(n.asLong()));
        FlinkRun run = new FlinkRun(shown, root.path("flink_events_per_second_per_core").asDouble(), root.path("flink_checkpointing").asText(),
                List.copyOf(checkpoints), root.path("views_equal").asBoolean(false));
        progress.printf("cost: Flink with checkpointing: %,.0f events per CPU-second, checkpoints per run %s, views %s%n", run.eventsPerCpuSecond(),
                checkpoints, run.viewsEqual() ? "equal" : "DIFFER");
        return run;
    }
}

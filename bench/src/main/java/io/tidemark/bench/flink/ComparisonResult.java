package io.tidemark.bench.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.report.Report;
import io.tidemark.events.generator.GeneratorSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one comparison found, written as {@code flink-comparison.json} (the contract with the
 * benchmark suite: see docs/flink-comparison.md) and printed as a short summary.
 *
 * @param input            what was processed
 * @param report           Tidemark's report of the first run (its size goes into the JSON)
 * @param diff             Tidemark's report against Flink's
 * @param referenceDiffs   each side against the brute-force reference (side name → diff)
 * @param tidemark         Tidemark's measured runs (records per CPU-second, per wall-second, cores busy)
 * @param flink            Flink's measured runs
 * @param flinkFirings     window firings and alerts the Flink job emitted in one run (≥ the rows: late firings, merges)
 * @param warmup           unmeasured runs of each side before the measured ones
 * @param loadBefore       the machine's 1-minute load average before the runs
 * @param loadAfter        and after them
 * @param checkpointing    how the Flink job checkpointed (null: no checkpoints)
 * @param checkpointsPerRun checkpoints the Flink job completed in each measured run
 */
public record ComparisonResult(ComparisonInput input, Report report, ReportDiff diff, Map<String, ReportDiff> referenceDiffs, Side tidemark, Side flink,
                               long flinkFirings, int warmup, double loadBefore, double loadAfter, FlinkRunner.Checkpointing checkpointing,
                               List<Long> checkpointsPerRun) {

    /** One side's measured runs. */
    public record Side(RunStats perCore, RunStats perWall, RunStats coresBusy) {
        public static Side of(List<Timed<?>> runs, long records) {
            return new Side(RunStats.of(runs.stream().map(r -> r.perCpuSecond(records)).toList()),
                    RunStats.of(runs.stream().map(r -> r.perWallSecond(records)).toList()),
                    RunStats.of(runs.stream().map(Timed::coresBusy).toList()));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public double ratio() {
        return tidemark.perCore().median() / flink.perCore().median();
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode in = root.putObject("input");
        GeneratorSettings g = input.generated();
        if (g == null) {
            in.put("file", input.file().toString());
        } else {
            ObjectNode gen = in.putObject("generated");
            gen.put("count", g.count());
            gen.put("users", g.users());
            gen.put("start", g.start().toString());
            gen.put("duplicate_rate", g.duplicateRate());
            gen.put("order_duplicate_rate", g.orderDuplicateRate());
            gen.put("late_rate", g.lateRate());
            gen.put("invalid_rate", g.invalidRate());
            gen.put("max_delay", g.maxDelay().toString());
            gen.put("file", input.file().toString());
        }
        in.put("records", input.lines().size());
        in.put("valid", input.valid());
        if (g == null) {
            in.putNull("seed");
        } else {
            in.put("seed", g.seed());
        }
        root.put("views_equal", diff.equal());
        if (diff.equal()) {
            root.putNull("first_difference");
        } else {
            root.put("first_difference", diff.firstDifference());
        }
        ObjectNode perView = root.putObject("per_view_equal");
        diff.perView().forEach(perView::put);
        ObjectNode reference = root.putObject("reference_equal");
        referenceDiffs.forEach((side, d) -> reference.put(side, d.equal()));
        root.put("tidemark_events_per_second_per_core", round(tidemark.perCore().median()));
        root.put("flink_events_per_second_per_core", round(flink.perCore().median()));
        root.put("ratio_tidemark_to_flink", Math.round(ratio() * 1000) / 1000.0);
        ObjectNode runs = root.putObject("runs");
        values(runs.putArray("tidemark"), tidemark.perCore());
        values(runs.putArray("flink"), flink.perCore());
        ObjectNode detail = root.putObject("detail");
        detail.put("events_counted", "every input record (valid, duplicate and invalid) per CPU-second of the whole process");
        detail.put("warmup_runs", warmup);
        detail.put("measured_runs", tidemark.perCore().values().size());
        side(detail.putObject("tidemark"), tidemark,
                "decode + validate (handler's JsonEventDecoder), ShardProcessor steps of 500 records, StepLogCodec.encode, ReportAssembler;"
                        + " no DynamoDB; one thread");
        side(detail.putObject("flink"), flink,
                "job execution on a running MiniCluster (submit, deploy, process, finish): in-memory source, EventValidator,"
                        + " watermarks, dedupe, order claims, 4 views, sinks; parallelism 1, heap state, "
                        + (checkpointing == null ? "no checkpoints" : checkpointing.describe()));
        root.put("flink_checkpointing", checkpointing == null ? "none" : checkpointing.describe());
        ArrayNode checkpoints = root.putArray("flink_checkpoints_per_run");
        checkpointsPerRun.forEach(checkpoints::add);
        detail.put("flink_firings_per_run", flinkFirings);
        ObjectNode rows = detail.putObject("report_rows");
        rows.put("revenue_per_hour", report.revenuePerHour().size());
        rows.put("active_users", report.activeUsers().size());
        rows.put("sessions", report.sessions().size());
        rows.put("cart_abandonments", report.cartAbandonments().size());
        ObjectNode counts = detail.putObject("counts");
        counts.put("accepted", report.counts().accepted());
        counts.put("duplicates", report.counts().duplicates());
        counts.put("rejected", report.counts().rejected());
        counts.put("late", report.counts().late());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("jvm_arguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        ArrayNode load = machine.putArray("load_average_before_after");
        load.add(loadBefore).add(loadAfter);
        return root;
    }

    private static void side(ObjectNode node, Side side, String timed) {
        node.put("timed", timed);
        stats(node.putObject("events_per_cpu_second"), side.perCore());
        stats(node.putObject("events_per_wall_second"), side.perWall());
        stats(node.putObject("cores_busy"), side.coresBusy());
    }

    private static void stats(ObjectNode node, RunStats s) {
        node.put("median", round(s.median()));
        node.put("min", round(s.min()));
        node.put("max", round(s.max()));
    }

    private static void values(ArrayNode array, RunStats s) {
        s.values().forEach(v -> array.add(round(v)));
    }

    private static double round(double v) {
        return v >= 100 ? Math.round(v) : Math.round(v * 100) / 100.0;
    }

    public void writeTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    public String toJsonString() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The human summary. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "input: %,d records (%,d valid) from %s%n", input.lines().size(), input.valid(), input.file()));
        s.append("views: ").append(diff.equal() ? "equal" : "DIFFER").append(" (");
        diff.perView().forEach((view, ok) -> s.append(view).append(ok ? " ok" : " DIFFERS").append(", "));
        s.setLength(s.length() - 2);
        s.append(")\n");
        if (!diff.equal()) {
            s.append("first difference: ").append(diff.firstDifference()).append('\n');
        }
        s.append("brute-force reference:");
        referenceDiffs.forEach((side, d) -> s.append(' ').append(side).append(d.equal() ? " equal" : " DIFFERS (" + d.firstDifference() + ")"));
        s.append('\n');
        s.append(String.format(Locale.ROOT, "%-24s %34s %20s %11s%n", "", "events/s per core (median, range)", "events/s (wall)", "cores busy"));
        row(s, "tidemark handler path", tidemark);
        row(s, "flink MiniCluster, p=1", flink);
        s.append(String.format(Locale.ROOT, "ratio tidemark/flink per core: %.2f (%d warm-up + %d measured runs each; load average %.1f → %.1f)%n",
                ratio(), warmup, tidemark.perCore().values().size(), loadBefore, loadAfter));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, Side side) {
        s.append(String.format(Locale.ROOT, "%-24s %,12.0f (%,.0f–%,.0f) %,20.0f %11.2f%n", name, side.perCore().median(), side.perCore().min(),
                side.perCore().max(), side.perWall().median(), side.coresBusy().median()));
    }
}

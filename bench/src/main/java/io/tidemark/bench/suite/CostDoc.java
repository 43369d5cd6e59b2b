package io.tidemark.bench.suite;

import io.tidemark.bench.cost.model.Bill;
import io.tidemark.bench.cost.model.CostInputs;
import io.tidemark.bench.cost.model.CostModel;
import io.tidemark.bench.cost.model.KinesisMode;
import io.tidemark.bench.cost.model.UnitsAtBatch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * The cost section's tables in Markdown, for docs/benchmarks.md and for docs/deploy.md's generated block:
 * the same numbers in both places, from one run's {@link CostSection.Result}.
 */
public final class CostDoc {

    private CostDoc() {
    }

    /** Totals at every level and stream mode, with the Tidemark ÷ Managed Flink ratio. */
    public static String totals(CostSection.Result c) {
        StringBuilder out = new StringBuilder();
        out.append("| events/s | Kinesis | shards | records a batch | Tidemark $/month | naive per-event Lambda $/month | Managed Flink $/month (KPUs) | Tidemark ÷ Managed Flink |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (CostSection.Level l : c.levels()) {
            long kpus = l.flinkKpus();
            out.append("| ").append(BenchmarksDoc.events(l.eventsPerSecond())).append(" | ").append(l.mode().label()).append(" | ")
                    .append(l.tidemark().shape().shards()).append(" | ").append(l.tidemark().shape().batchSize()).append(" | ")
                    .append(money(l.tidemark().total())).append(" | ").append(money(l.naive().total())).append(" | ")
                    .append(money(l.flink().total())).append(" (").append(kpus).append(" + 1) | ")
                    .append(String.format(Locale.ROOT, "%.2f×", l.ratioToFlink())).append(" |\n");
        }
        return out.toString();
    }

    /** One bill as a table: item, arithmetic, dollars. */
    public static String bill(Bill b) {
        StringBuilder out = new StringBuilder();
        out.append("| item | arithmetic | $/month |\n|---|---|---|\n");
        for (Bill.Line line : b.lines()) {
            out.append("| ").append(line.item()).append(" | ").append(line.arithmetic()).append(" | ").append(money(line.usd())).append(" |\n");
        }
        out.append("| **total** | | **").append(money(b.total())).append("** (").append(money(perMillion(b)))
                .append(" per million events) |\n");
        return out.toString();
    }

    /** The measured inputs, one line each. */
    public static String inputs(CostSection.Result c) {
        CostInputs in = c.inputs();
        StringBuilder out = new StringBuilder();
        out.append("| batch size | Tidemark WU/event | RU/event | view, alert, quarantine WU/event | write requests a batch | handler ms a batch (in process) | naive WU/event | naive write requests a batch |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (UnitsAtBatch t : in.tidemark()) {
            UnitsAtBatch n = in.naive().stream().filter(x -> x.batchSize() == t.batchSize()).findFirst().orElse(null);
            out.append("| ").append(t.batchSize()).append(" | ").append(BenchmarksDoc.fixed(t.writeUnitsPerEvent(), 4)).append(" | ")
                    .append(BenchmarksDoc.fixed(t.readUnitsPerEvent(), 4)).append(" | ").append(BenchmarksDoc.fixed(t.viewWriteUnitsPerEvent(), 4))
                    .append(" | ").append(BenchmarksDoc.fixed(t.writeRequestsPerBatch(), 1)).append(" | ")
                    .append(BenchmarksDoc.fixed(t.handlerMsPerBatch(), 2)).append(" | ")
                    .append(n == null ? "—" : BenchmarksDoc.fixed(n.writeUnitsPerEvent(), 3)).append(" | ")
                    .append(n == null ? "—" : BenchmarksDoc.fixed(n.writeRequestsPerBatch(), 1)).append(" |\n");
        }
        out.append('\n');
        out.append("Per event: ").append(BenchmarksDoc.fixed(in.recordBytes(), 0)).append(" bytes on the stream, ")
                .append(BenchmarksDoc.fixed(in.archiveBytesPerEvent(), 1)).append(" gzipped in the archive, ")
                .append(BenchmarksDoc.fixed(in.stateBytesPerEvent(), 1)).append(" written to the state table (kept ")
                .append(in.stateItemTtl().toDays()).append(" days), ").append(BenchmarksDoc.fixed(in.viewBytesPerEvent(), 1))
                .append(" to the view, alert and quarantine tables (counted as kept; rows rewritten in place make this an upper bound), ")
                .append(BenchmarksDoc.fixed(in.alertsPerEvent() * 1_000, 2)).append(" alerts per 1 000 events. Managed Flink: ")
                .append(BenchmarksDoc.events(in.flinkEventsPerCpuSecond())).append(" events per CPU-second, measured with ")
                .append(in.flinkCheckpointing()).append(" (").append(c.flinkCheckpointsPerRun()).append(" checkpoints completed per measured run).\n");
        out.append('\n');
        out.append("Not measured here, assumed: a DynamoDB write request's round trip from Lambda, ").append(BenchmarksDoc.fixed(in.dynamoRoundTripMs(), 0))
                .append(" ms, added per request to the handler's in-process time; the sweeper's run, ").append(BenchmarksDoc.fixed(in.sweeperSecondsPerRun(), 1))
                .append(" s once a minute; the alert publisher's, ")
                .append(BenchmarksDoc.fixed(in.publisherSecondsPerRun(), 2)).append(" s; the archive: ").append(in.archive().source()).append(". Provisioned shards carry at most ")
                .append(BenchmarksDoc.fixed(100 / in.shardHeadroom(), 0)).append(" % of their limits; an on-demand stream has at least 4 shards. ")
                .append("Batches: the default latency budget's batching window (").append(in.batchingWindow().toSeconds())
                .append(" s) × events per second per shard, at most ").append(in.maximumBatchSize()).append(".\n");
        if (c.runtimeFirstBatchMs() != null) {
            out.append('\n');
            out.append("Check against the Lambda runtime (cold-start section, same run, primed, against the emulator's DynamoDB): a batch of ")
                    .append(c.runtimeBatch()).append(" records took ").append(BenchmarksDoc.ms(c.runtimeFirstBatchMs())).append("; the model bills ")
                    .append(BenchmarksDoc.ms(c.modelMsAtRuntimeBatch())).append(".\n");
        }
        return out.toString();
    }

    /** The price table, with its sources. */
    public static String prices(CostSection.Result c) {
        StringBuilder out = new StringBuilder();
        out.append("Prices: ").append(c.pricesRegion()).append(", as read on ").append(c.pricesAsOf())
                .append(" (`bench/src/main/resources/prices-us-east-1.json`; no free tiers; a month is 730 hours).\n\n");
        out.append("| price | USD | per | source |\n|---|---|---|---|\n");
        for (CostSection.PriceRow p : c.prices()) {
            out.append("| `").append(p.item()).append("` | ").append(p.usd().stripTrailingZeros().toPlainString()).append(" | ").append(p.unit())
                    .append(" | ").append(p.source()).append(" |\n");
        }
        return out.toString();
    }

    /** The verdicts against the targets, on provisioned Kinesis. */
    public static String verdict(CostSection.Result c) {
        CostSection.Level low = c.level(12, KinesisMode.PROVISIONED);
        CostSection.Level high = c.level(1_000, KinesisMode.PROVISIONED);
        return String.format(Locale.ROOT, "On provisioned Kinesis, Tidemark costs **%.2f×** Managed Flink at 12 events/s (target ≤ %.1f×: %s) and **%.2f×** at "
                        + "1 000 events/s (target ≤ %.1f×: %s).", low.ratioToFlink(), CostSection.TARGET_RATIO_AT_12,
                low.ratioToFlink() <= CostSection.TARGET_RATIO_AT_12 ? "met" : "**not met**", high.ratioToFlink(), CostSection.TARGET_RATIO_AT_1000,
                high.ratioToFlink() <= CostSection.TARGET_RATIO_AT_1000 ? "met" : "**not met**")
                + String.format(Locale.ROOT, " Without the event archive, which both pay alike: %.2f× and %.2f×.", low.ratioToFlinkWithoutArchive(), high.ratioToFlinkWithoutArchive());
    }

    /** docs/deploy.md's block: totals, Tidemark's bills at 12 and 1 000 events/s on both stream modes, the prices. */
    public static String deployBlock(CostSection.Result c, String command) {
        StringBuilder out = new StringBuilder();
        out.append("These tables are written by `").append(command).append("` from what that run measured (docs/benchmarks.md, \"What a user pays\", ")
                .append("shows how): write and read units and handler time per batch at the batch sizes each rate gives, bytes per event, the Flink ")
                .append("job's throughput with checkpointing on.\n\n");
        out.append(totals(c)).append('\n');
        out.append(verdict(c)).append('\n');
        for (double rate : List.of(12.0, 1_000.0)) {
            for (KinesisMode mode : List.of(KinesisMode.PROVISIONED, KinesisMode.ON_DEMAND)) {
                CostSection.Level l = c.level(rate, mode);
                out.append("\n#### Tidemark at ").append(BenchmarksDoc.events(rate)).append(" events/s, ").append(mode.label()).append(" Kinesis (")
                        .append(l.tidemark().shape().shards()).append(l.tidemark().shape().shards() == 1 ? " shard" : " shards").append(", batches of ").append(l.tidemark().shape().batchSize()).append(")\n\n");
                out.append(bill(l.tidemark()));
            }
        }
        out.append('\n').append(prices(c));
        return out.toString();
    }

    static BigDecimal perMillion(Bill b) {
        BigDecimal events = CostModel.eventsPerMonth(b.shape().eventsPerSecond());
        return b.total().multiply(BigDecimal.valueOf(1_000_000)).divide(events, 6, RoundingMode.HALF_UP);
    }

    static String money(BigDecimal usd) {
        return "$" + String.format(Locale.ROOT, "%,.2f", usd.setScale(2, RoundingMode.HALF_UP)).replace(',', ' ');
    }
}

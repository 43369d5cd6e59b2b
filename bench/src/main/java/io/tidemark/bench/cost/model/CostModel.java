package io.tidemark.bench.cost.model;

import io.tidemark.bench.cost.model.Prices.Item;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dollars a month at a traffic level, for Tidemark, the naive per-event Lambda pipeline and Managed
 * Service for Apache Flink, on the same Kinesis stream, with the same alerts and the same archive: measured
 * units × the dated prices, exactly ({@link BigDecimal}). A month is 730 hours. No free tiers.
 */
public final class CostModel {

    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
    public static final BigDecimal SECONDS_PER_MONTH = HOURS_PER_MONTH.multiply(BigDecimal.valueOf(3_600));
    static final BigDecimal GB = BigDecimal.valueOf(1_073_741_824L);
    static final BigDecimal KB = BigDecimal.valueOf(1_024);
    static final BigDecimal PUT_PAYLOAD_UNIT_BYTES = BigDecimal.valueOf(25 * 1_024);
    /** Running application storage that comes with each KPU. */
    static final BigDecimal FLINK_STORAGE_GB_PER_KPU = BigDecimal.valueOf(50);
    static final MathContext MC = MathContext.DECIMAL64;
    /** The alert publisher's memory (infra-cdk PipelineFunctions). */
    static final int PUBLISHER_MEMORY_MB = 512;

    public static final String TIDEMARK = "Tidemark";
    public static final String NAIVE = "naive per-event Lambda";
    public static final String FLINK = "Managed Flink";
    /** The archive's line, the same on every side. */
    public static final String ARCHIVE = "event archive";

    private final Prices prices;
    private final CostInputs in;
    private final UnitsCurve tidemark;
    private final UnitsCurve naive;

    public CostModel(Prices prices, CostInputs inputs) {
        this.prices = prices;
        this.in = inputs;
        this.tidemark = new UnitsCurve(inputs.tidemark());
        this.naive = inputs.naive().isEmpty() ? null : new UnitsCurve(inputs.naive());
    }

    public Bill tidemark(double eventsPerSecond, KinesisMode mode) {
        StreamShape shape = in.shape(eventsPerSecond, mode);
        BigDecimal events = eventsPerMonth(eventsPerSecond);
        int b = shape.batchSize();
        List<Bill.Line> lines = new ArrayList<>(stream(shape, events));
        BigDecimal invocations = invocationsPerMonth(shape);
        lines.add(lambdaRequests("Lambda Kinesis handler requests", invocations));
        double msPerBatch = tidemark.handlerMsPerBatch(b) + tidemark.writeRequestsPerBatch(b) * in.dynamoRoundTripMs();
        lines.add(lambdaDuration("Lambda Kinesis handler duration", invocations, msPerBatch, in.handlerMemoryMb(),
                String.format(Locale.ROOT, "%s ms in process + %s write requests × %s ms", num(tidemark.handlerMsPerBatch(b), 2),
                        num(tidemark.writeRequestsPerBatch(b), 1), num(in.dynamoRoundTripMs(), 0))));
        BigDecimal sweeps = HOURS_PER_MONTH.multiply(BigDecimal.valueOf(60));
        BigDecimal sweeperUsd = sweeps.multiply(price(Item.LAMBDA_REQUEST)).add(sweeps.multiply(dec(in.sweeperSecondsPerRun()))
                .multiply(dec(in.handlerMemoryMb() / 1024.0)).multiply(price(Item.LAMBDA_GB_SECOND_ARM64)));
        lines.add(new Bill.Line("Lambda sweeper", count(sweeps) + " runs × (request + " + num(in.sweeperSecondsPerRun(), 1) + " s × "
                + num(in.handlerMemoryMb() / 1024.0, 2) + " GB)", sweeperUsd));
        lines.add(dynamoWrites("DynamoDB writes", events, tidemark.writeUnitsPerEvent(b), b, tidemark.measuredAt(b)));
        lines.add(dynamoReads(events, tidemark.readUnitsPerEvent(b), b));
        lines.add(dynamoStorage(eventsPerSecond, events));
        lines.add(alerts(events));
        // The publisher relays the alerts rows' inserts to SNS: at most one invocation per handler invocation, and per alert.
        BigDecimal publishes = events.multiply(dec(in.alertsPerEvent()));
        BigDecimal relays = publishes.min(invocations);
        BigDecimal relayUsd = relays.multiply(price(Item.LAMBDA_REQUEST)).add(relays.multiply(dec(in.publisherSecondsPerRun()))
                .multiply(dec(PUBLISHER_MEMORY_MB / 1024.0)).multiply(price(Item.LAMBDA_GB_SECOND_ARM64)));
        lines.add(new Bill.Line("Lambda alert publisher", count(relays) + " invocations (at most one per batch and per alert) × (request + "
                + num(in.publisherSecondsPerRun(), 2) + " s × " + num(PUBLISHER_MEMORY_MB / 1024.0, 2) + " GB)", relayUsd));
        lines.add(archive(shape, events));
        return new Bill(TIDEMARK, shape, lines);
    }

    public Bill naive(double eventsPerSecond, KinesisMode mode) {
        if (naive == null) {
            throw new IllegalStateException("the naive pipeline was not measured in this run");
        }
        StreamShape shape = in.shape(eventsPerSecond, mode);
        BigDecimal events = eventsPerMonth(eventsPerSecond);
        int b = shape.batchSize();
        List<Bill.Line> lines = new ArrayList<>(stream(shape, events));
        BigDecimal invocations = invocationsPerMonth(shape);
        lines.add(lambdaRequests("Lambda handler requests", invocations));
        // Its time is its transactions' round trips (the emulator's own latency under load is not DynamoDB's); its CPU is left out: a lower bound.
        lines.add(lambdaDuration("Lambda handler duration", invocations, naive.writeRequestsPerBatch(b) * in.dynamoRoundTripMs(), in.handlerMemoryMb(),
                num(naive.writeRequestsPerBatch(b), 1) + " write requests × " + num(in.dynamoRoundTripMs(), 0) + " ms"));
        lines.add(dynamoWrites("DynamoDB writes", events, naive.writeUnitsPerEvent(b), b, naive.measuredAt(b)));
        lines.add(dynamoReads(events, naive.readUnitsPerEvent(b), b));
        lines.add(alerts(events));
        lines.add(archive(shape, events));
        return new Bill(NAIVE, shape, lines);
    }

    /**
     * Managed Flink sized from the job's measured events per CPU-second with checkpointing (1 KPU = 1 vCPU):
     * the KPUs that carry the traffic at 100 % of a vCPU (at least one), its orchestration KPU, running storage,
     * and the same product around it — the stream, the view rows written to DynamoDB at the same freshness as
     * Tidemark's (the view, alert and quarantine rows of Tidemark's steps at the same batch size) and stored, alerts, archive.
     */
    public Bill flink(double eventsPerSecond, KinesisMode mode) {
        StreamShape shape = in.shape(eventsPerSecond, mode);
        BigDecimal events = eventsPerMonth(eventsPerSecond);
        List<Bill.Line> lines = new ArrayList<>(stream(shape, events));
        long kpus = kpus(eventsPerSecond);
        BigDecimal kpuUsd = BigDecimal.valueOf(kpus + 1).multiply(HOURS_PER_MONTH).multiply(price(Item.FLINK_KPU_HOUR));
        lines.add(new Bill.Line("Managed Flink KPUs", "(" + kpus + " KPU for " + num(eventsPerSecond, 0) + " events/s at "
                + count(dec(in.flinkEventsPerCpuSecond())) + " events/s per vCPU + 1 orchestration) × 730 h × " + usd(Item.FLINK_KPU_HOUR), kpuUsd));
        BigDecimal storage = BigDecimal.valueOf(kpus).multiply(FLINK_STORAGE_GB_PER_KPU);
        lines.add(new Bill.Line("Managed Flink running storage", num(storage.doubleValue(), 0) + " GB × " + usd(Item.FLINK_RUNNING_STORAGE_GB_MONTH),
                storage.multiply(price(Item.FLINK_RUNNING_STORAGE_GB_MONTH))));
        int b = shape.batchSize();
        lines.add(dynamoWrites("DynamoDB view-sink writes", events, tidemark.viewWriteUnitsPerEvent(b), b, tidemark.measuredAt(b)));
        BigDecimal viewGb = events.multiply(dec(in.viewBytesPerEvent())).divide(GB, MC);
        lines.add(new Bill.Line("DynamoDB storage", num(in.viewBytesPerEvent(), 1) + " B views × a month of events = " + num(viewGb.doubleValue(), 2)
                + " GB × " + usd(Item.DYNAMODB_STORAGE_GB_MONTH), viewGb.multiply(price(Item.DYNAMODB_STORAGE_GB_MONTH))));
        lines.add(alerts(events));
        lines.add(archive(shape, events));
        return new Bill(FLINK, shape, lines);
    }

    /** KPUs (besides the orchestration one) that carry {@code eventsPerSecond} at the measured events per CPU-second. */
    public long kpus(double eventsPerSecond) {
        return Math.max(1, (long) Math.ceil(eventsPerSecond / in.flinkEventsPerCpuSecond() - 1e-9));
    }

    public static BigDecimal eventsPerMonth(double eventsPerSecond) {
        return dec(eventsPerSecond).multiply(SECONDS_PER_MONTH);
    }

    private BigDecimal invocationsPerMonth(StreamShape shape) {
        return dec(shape.invocationsPerSecond()).multiply(SECONDS_PER_MONTH);
    }

    private List<Bill.Line> stream(StreamShape shape, BigDecimal events) {
        List<Bill.Line> lines = new ArrayList<>();
        if (shape.mode() == KinesisMode.PROVISIONED) {
            lines.add(new Bill.Line("Kinesis shard-hours", shape.shards() + " × 730 h × " + usd(Item.KINESIS_SHARD_HOUR),
                    BigDecimal.valueOf(shape.shards()).multiply(HOURS_PER_MONTH).multiply(price(Item.KINESIS_SHARD_HOUR))));
            BigDecimal units = events.multiply(dec(Math.ceil(in.recordBytes() / PUT_PAYLOAD_UNIT_BYTES.doubleValue())));
            lines.add(new Bill.Line("Kinesis PUT payload units", count(units) + " × " + usd(Item.KINESIS_PUT_PAYLOAD_UNIT),
                    units.multiply(price(Item.KINESIS_PUT_PAYLOAD_UNIT))));
        } else {
            lines.add(new Bill.Line("Kinesis stream-hours", "730 h × " + usd(Item.KINESIS_ON_DEMAND_STREAM_HOUR),
                    HOURS_PER_MONTH.multiply(price(Item.KINESIS_ON_DEMAND_STREAM_HOUR))));
            BigDecimal gb = events.multiply(dec(Math.ceil(in.recordBytes() / KB.doubleValue()))).multiply(KB).divide(GB, MC);
            lines.add(new Bill.Line("Kinesis data in", num(gb.doubleValue(), 2) + " GB (records rounded up to 1 KB) × " + usd(Item.KINESIS_ON_DEMAND_GB_IN),
                    gb.multiply(price(Item.KINESIS_ON_DEMAND_GB_IN))));
            int consumers = 1 + (in.archive().readsTheStream() ? 1 : 0);
            lines.add(new Bill.Line("Kinesis data out", num(gb.doubleValue(), 2) + " GB × " + consumers + " consumers × " + usd(Item.KINESIS_ON_DEMAND_GB_OUT),
                    gb.multiply(BigDecimal.valueOf(consumers)).multiply(price(Item.KINESIS_ON_DEMAND_GB_OUT))));
        }
        return lines;
    }

    private Bill.Line lambdaRequests(String item, BigDecimal invocations) {
        return new Bill.Line(item, count(invocations) + " invocations × " + usd(Item.LAMBDA_REQUEST), invocations.multiply(price(Item.LAMBDA_REQUEST)));
    }

    private Bill.Line lambdaDuration(String item, BigDecimal invocations, double msPerBatch, int memoryMb, String why) {
        // Lambda bills duration rounded up to the millisecond.
        BigDecimal billedMs = BigDecimal.valueOf((long) Math.ceil(msPerBatch - 1e-9));
        BigDecimal gbSeconds = invocations.multiply(billedMs).multiply(dec(memoryMb / 1024.0)).divide(BigDecimal.valueOf(1_000), MC);
        return new Bill.Line(item, count(invocations) + " × " + billedMs.toPlainString() + " ms (" + why + ") × " + num(memoryMb / 1024.0, 2)
                + " GB = " + count(gbSeconds) + " GB-s × " + usd(Item.LAMBDA_GB_SECOND_ARM64), gbSeconds.multiply(price(Item.LAMBDA_GB_SECOND_ARM64)));
    }

    private Bill.Line dynamoWrites(String item, BigDecimal events, double unitsPerEvent, int batchSize, boolean measured) {
        BigDecimal units = events.multiply(dec(unitsPerEvent));
        return new Bill.Line(item, count(events) + " events × " + num(unitsPerEvent, 4) + " WU (batch " + batchSize
                + (measured ? "" : ", between measured sizes") + ") × " + usd(Item.DYNAMODB_WRITE_REQUEST_UNIT), units.multiply(price(Item.DYNAMODB_WRITE_REQUEST_UNIT)));
    }

    private Bill.Line dynamoReads(BigDecimal events, double unitsPerEvent, int batchSize) {
        BigDecimal units = events.multiply(dec(unitsPerEvent));
        return new Bill.Line("DynamoDB reads", count(events) + " events × " + num(unitsPerEvent, 4) + " RU (batch " + batchSize + ") × "
                + usd(Item.DYNAMODB_READ_REQUEST_UNIT), units.multiply(price(Item.DYNAMODB_READ_REQUEST_UNIT)));
    }

    private Bill.Line dynamoStorage(double eventsPerSecond, BigDecimal events) {
        BigDecimal ttlEvents = dec(eventsPerSecond).multiply(BigDecimal.valueOf(in.stateItemTtl().toSeconds()));
        BigDecimal gb = ttlEvents.multiply(dec(in.stateBytesPerEvent())).add(events.multiply(dec(in.viewBytesPerEvent()))).divide(GB, MC);
        return new Bill.Line("DynamoDB storage", "(" + num(in.stateBytesPerEvent(), 1) + " B state × " + in.stateItemTtl().toDays() + " days of events + "
                + num(in.viewBytesPerEvent(), 1) + " B views × a month of events) = " + num(gb.doubleValue(), 2) + " GB × "
                + usd(Item.DYNAMODB_STORAGE_GB_MONTH), gb.multiply(price(Item.DYNAMODB_STORAGE_GB_MONTH)));
    }

    private Bill.Line alerts(BigDecimal events) {
        BigDecimal publishes = events.multiply(dec(in.alertsPerEvent()));
        return new Bill.Line("SNS alerts", count(publishes) + " publishes (" + num(in.alertsPerEvent() * 1_000, 2) + " per 1 000 events) × "
                + usd(Item.SNS_PUBLISH), publishes.multiply(price(Item.SNS_PUBLISH)));
    }

    /** The archive as one line: what its inputs say it ingests, partitions, invokes, puts and stores in a month. */
    Bill.Line archive(StreamShape shape, BigDecimal events) {
        ArchiveInputs a = in.archive();
        List<String> parts = new ArrayList<>();
        BigDecimal usd = BigDecimal.ZERO;
        BigDecimal rawGb = events.multiply(dec(in.recordBytes())).divide(GB, MC);
        if (a.ingestionStepBytes() > 0) {
            BigDecimal billed = dec(Math.ceil(in.recordBytes() / a.ingestionStepBytes()) * a.ingestionStepBytes());
            BigDecimal gb = events.multiply(billed).divide(GB, MC);
            usd = usd.add(gb.multiply(price(Item.FIREHOSE_INGESTION_GB)));
            parts.add("ingestion " + num(gb.doubleValue(), 1) + " GB");
        }
        double buffered = a.buffersPerShard() ? shape.eventsPerSecond() / shape.shards() : shape.eventsPerSecond();
        double eventsPerObject = Math.max(1, Math.min(Math.min((double) a.objectBufferRecords(), a.objectBufferBytes() / in.recordBytes()),
                buffered * a.objectBufferSeconds()));
        BigDecimal objects = events.divide(dec(eventsPerObject), MC);
        if (a.partitioning()) {
            usd = usd.add(rawGb.multiply(price(Item.FIREHOSE_PARTITIONING_GB))).add(objects.multiply(price(Item.FIREHOSE_PARTITIONING_OBJECT)));
            parts.add("partitioning " + num(rawGb.doubleValue(), 1) + " GB");
        }
        BigDecimal puts = objects.multiply(dec(a.putsPerObject()));
        usd = usd.add(puts.multiply(price(Item.S3_PUT)));
        parts.add(count(objects) + " buffers of " + count(dec(eventsPerObject)) + " events, " + count(puts) + " PUTs");
        BigDecimal invocations = a.lambdaPerObject() ? objects
                : a.eventsPerLambdaInvocation() > 0 ? events.divide(BigDecimal.valueOf(a.eventsPerLambdaInvocation()), MC) : BigDecimal.ZERO;
        if (invocations.signum() > 0) {
            BigDecimal gbSeconds = invocations.multiply(dec(a.lambdaSecondsPerInvocation())).multiply(dec(a.lambdaMemoryMb() / 1024.0));
            usd = usd.add(invocations.multiply(price(Item.LAMBDA_REQUEST))).add(gbSeconds.multiply(price(Item.LAMBDA_GB_SECOND_ARM64)));
            parts.add(count(invocations) + " Lambda invocations");
        }
        double stored = a.storedBytesPerEventOverride() > 0 ? a.storedBytesPerEventOverride() : in.archiveBytesPerEvent();
        BigDecimal storedGb = events.multiply(dec(stored)).divide(GB, MC);
        usd = usd.add(storedGb.multiply(price(Item.S3_STORAGE_GB_MONTH)));
        parts.add(num(storedGb.doubleValue(), 2) + " GB stored a month (" + num(stored, 1) + " B an event)");
        return new Bill.Line(ARCHIVE, a.label() + ": " + String.join(", ", parts), usd);
    }

    private BigDecimal price(Item item) {
        return prices.usd(item);
    }

    private String usd(Item item) {
        return "$" + prices.usd(item).stripTrailingZeros().toPlainString();
    }

    static BigDecimal dec(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a cost input is not a finite number: " + v);
        }
        return BigDecimal.valueOf(v);
    }

    static String count(BigDecimal v) {
        return String.format(Locale.ROOT, "%,d", v.setScale(0, RoundingMode.HALF_UP).longValueExact()).replace(',', ' ');
    }

    static String num(double v, int digits) {
        return String.format(Locale.ROOT, "%,." + digits + "f", v).replace(',', ' ');
    }
}

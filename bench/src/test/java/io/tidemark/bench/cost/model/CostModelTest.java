package io.tidemark.bench.cost.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model's arithmetic, against sums done by hand with the shipped prices. */
class CostModelTest {

    private static final Prices PRICES = Prices.usEast1();
    /** No Firehose, no partitioning, no Lambda, nothing stored: the archive is its S3 PUTs only. */
    private static final ArchiveInputs PUTS_ONLY = new ArchiveInputs("objects only", "test", 0, false, Long.MAX_VALUE, 1_000_000, 300, false, 1, false, 0, 0,
            512, 0, false);

    /** 0.1 WU and 0.05 RU per event, 4 write requests and 20 ms per batch, at every batch size. */
    private static CostInputs inputs(double recordBytes, double flinkPerCpuSecond, ArchiveInputs archive) {
        List<UnitsAtBatch> flat = List.of(new UnitsAtBatch(1, 0.1, 0.05, 0.02, 4, 20), new UnitsAtBatch(500, 0.1, 0.05, 0.02, 4, 20));
        return new CostInputs(flat, flat, recordBytes, 0, 0, 0, 0.001, flinkPerCpuSecond, "test", 1_024, 10, 0.2, 0.05, Duration.ofSeconds(2), 500, 1.25,
                Duration.ofDays(14), archive);
    }

    private static CostModel model(double recordBytes, double flinkPerCpuSecond) {
        return new CostModel(PRICES, inputs(recordBytes, flinkPerCpuSecond, PUTS_ONLY));
    }

    @Test
    void dynamoDbWritesAreEventsTimesUnitsTimesThePrice() {
        // 12 events/s × 2 628 000 s = 31 536 000 events × 0.1 WU = 3 153 600 WU × $0.625 per million = $1.971
        Bill bill = model(300, 50_000).tidemark(12, KinesisMode.PROVISIONED);
        assertThat(bill.line("DynamoDB writes")).isEqualByComparingTo("1.971");
        // 31 536 000 events × 0.05 RU = 1 576 800 RU × $0.125 per million = $0.1971
        assertThat(bill.line("DynamoDB reads")).isEqualByComparingTo("0.1971");
    }

    @Test
    void aProvisionedStreamPaysShardHoursAndPutPayloadUnits() {
        Bill bill = model(300, 50_000).tidemark(12, KinesisMode.PROVISIONED);
        assertThat(bill.shape().shards()).isEqualTo(1);
        assertThat(bill.line("Kinesis shard-hours")).isEqualByComparingTo("10.95"); // 1 × 730 × $0.015
        assertThat(bill.line("Kinesis PUT payload units")).isEqualByComparingTo("0.441504"); // 31 536 000 × $0.014 per million
    }

    @Test
    void anOnDemandStreamPaysItsHoursAndEveryRecordRoundedUpToAKilobyteInAndOutPerConsumer() {
        Bill bill = new CostModel(PRICES, inputs(300, 50_000, PUTS_ONLY)).tidemark(1_000, KinesisMode.ON_DEMAND);
        assertThat(bill.line("Kinesis stream-hours")).isEqualByComparingTo("29.2"); // 730 × $0.04
        // 2 628 000 000 records × 1 KB = 2 628 000 000 KB = 2 506.256103515625 GB; × $0.08 = $200.50048828125
        assertThat(bill.line("Kinesis data in")).isEqualByComparingTo("200.50048828125");
        assertThat(bill.line("Kinesis data out")).isEqualByComparingTo("100.250244140625"); // one consumer × $0.04
    }

    @Test
    void theHandlerIsInvokedOncePerBatchingWindowAtLowRates() {
        // 12 events/s on one shard, 2 s window: batches of 24, 0.5 invocations a second = 1 314 000 a month.
        Bill bill = model(300, 50_000).tidemark(12, KinesisMode.PROVISIONED);
        assertThat(bill.shape().batchSize()).isEqualTo(24);
        assertThat(bill.line("Lambda Kinesis handler requests")).isEqualByComparingTo("0.2628"); // × $0.20 per million
        // 20 ms + 4 requests × 10 ms = 60 ms × 1 GB = 0.06 GB-s × 1 314 000 = 78 840 GB-s × $0.0000133334 = $1.051205256
        assertThat(bill.line("Lambda Kinesis handler duration")).isEqualByComparingTo("1.051205256");
    }

    @Test
    void theAlertPublisherRunsAtMostOncePerAlert() {
        // 31 536 000 events × 0.001 = 31 536 alerts, fewer than the 1 314 000 batches: 31 536 × ($0.0000002 + 0.05 s × 0.5 GB × $0.0000133334)
        Bill bill = model(300, 50_000).tidemark(12, KinesisMode.PROVISIONED);
        assertThat(bill.line("Lambda alert publisher")).isEqualByComparingTo("0.01681925256");
        assertThat(bill.line("SNS alerts")).isEqualByComparingTo("0.015768"); // 31 536 × $0.50 per million
    }

    @Test
    void managedFlinkPaysItsKpusTheOrchestrationKpuAndRunningStorage() {
        Bill bill = model(300, 50_000).flink(12, KinesisMode.PROVISIONED);
        assertThat(bill.line("Managed Flink KPUs")).isEqualByComparingTo("160.6"); // (1 + 1) × 730 × $0.11
        assertThat(bill.line("Managed Flink running storage")).isEqualByComparingTo("5.0"); // 50 GB × $0.10
        // The view rows: 31 536 000 × 0.02 WU × $0.625 per million
        assertThat(bill.line("DynamoDB view-sink writes")).isEqualByComparingTo("0.3942");
    }

    @Test
    void kpusAreTheRateOverTheMeasuredThroughputRoundedUp() {
        CostModel model = model(300, 4_000);
        assertThat(model.kpus(12)).isEqualTo(1);
        assertThat(model.kpus(4_000)).isEqualTo(1);
        assertThat(model.kpus(10_000)).isEqualTo(3);
    }

    @Test
    void bothSidesPayTheSameStreamAlertsAndArchive() {
        CostModel model = model(300, 50_000);
        for (KinesisMode mode : KinesisMode.values()) {
            Bill tidemark = model.tidemark(1_000, mode);
            Bill flink = model.flink(1_000, mode);
            for (Bill.Line line : tidemark.lines()) {
                if (line.item().startsWith("Kinesis") || line.item().equals("SNS alerts") || line.item().equals("event archive")) {
                    assertThat(flink.line(line.item())).as(line.item()).isEqualByComparingTo(line.usd());
                }
            }
        }
    }

    @Test
    void anArchiveOfItsOwnPaysItsObjectsPuts() {
        // 1 000 events/s of 1 000 bytes, 1 000 000-byte objects: 2 628 000 objects × $0.005 per 1 000 = $13.14
        Bill bill = model(1_000, 50_000).tidemark(1_000, KinesisMode.PROVISIONED);
        assertThat(bill.line("event archive")).isEqualByComparingTo("13.14");
    }

    @Test
    void firehoseBillsEveryRecordAsFiveKilobytes() {
        ArchiveInputs firehoseOnly = new ArchiveInputs("firehose", "test", 5_120, false, Long.MAX_VALUE, 1_000_000, 300, false, 1, false, 0, 0, 512,
                0, true);
        Bill bill = new CostModel(PRICES, inputs(1_000, 50_000, firehoseOnly)).tidemark(1_000, KinesisMode.PROVISIONED);
        // 2 628 000 000 × 5 120 B = 12 531.28... GB × $0.029 = $363.4071...; plus the PUTs, $13.14
        assertThat(bill.line("event archive")).isEqualByComparingTo(new BigDecimal("2628000000").multiply(BigDecimal.valueOf(5_120))
                .divide(BigDecimal.valueOf(1_073_741_824L), CostModel.MC).multiply(new BigDecimal("0.029")).add(new BigDecimal("13.14")));
        assertThat(bill.line("event archive").doubleValue()).isBetween(376.54, 376.55);
    }

    @Test
    void anArchiverPaysOneInvocationAndItsPutsPerShardBatch() {
        // 1 000 events/s of 100 bytes on 2 provisioned shards: 500 a second a shard fill a 10 000-record batch in 20 s (under the
        // 300 s window and 6 MB). 2 628 000 000 / 10 000 = 262 800 invocations: × 2 PUTs × $0.005 per 1 000 = $2.628; requests
        // × $0.20 per million = $0.05256; 1 s × 1 GB × $0.0000133334 = $3.50401752. Nothing stored (no measured size).
        ArchiveInputs archiver = ArchiveInputs.archiver(10_000, 300, 2, 1.0, 1_024, 0, "test");
        Bill bill = new CostModel(PRICES, inputs(100, 50_000, archiver)).tidemark(1_000, KinesisMode.PROVISIONED);
        assertThat(bill.shape().shards()).isEqualTo(2);
        assertThat(bill.line("event archive")).isEqualByComparingTo("6.18457752");
    }

    @Test
    void theTotalIsTheSumOfTheLines() {
        Bill bill = model(300, 50_000).tidemark(100, KinesisMode.ON_DEMAND);
        assertThat(bill.total()).isEqualByComparingTo(bill.lines().stream().map(Bill.Line::usd).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    @Test
    void aCostInputThatIsNotANumberIsRefused() {
        CostInputs broken = new CostInputs(List.of(new UnitsAtBatch(1, Double.NaN, 0, 0, 0, 0)), List.of(), 300, 0, 0, 0, 0, 1, "test", 1_024, 10, 0.2, 0.05,
                Duration.ofSeconds(2), 500, 1.25, Duration.ofDays(14), PUTS_ONLY);
        assertThatThrownBy(() -> new CostModel(PRICES, broken).tidemark(12, KinesisMode.PROVISIONED)).hasMessageContaining("not a finite number");
    }
}

package io.tidemark.bench.flink;

import io.tidemark.config.PipelineConfig;
import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportAssembler;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.local.BoundedInput;
import io.tidemark.handlers.RecordDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code io.tidemark.handlers.KinesisHandler} does with a shard's records, minus DynamoDB: per
 * Lambda batch, decode and validate every record with the handler's {@link RecordDecoder}, run one
 * {@link ShardProcessor} step (order claims in memory instead of conditional puts), encode the step's
 * log entry (the bytes the handler commits), and hand the effects to a {@link ReportAssembler} (what
 * the view tables and their readers hold). End of input: the sweeper's empty step with the watermark
 * at +∞. One shard, one thread.
 */
public final class TidemarkHandlerPath {

    /** A record as the Kinesis event source mapping delivers it to the handler. */
    public record KinesisRecord(String sequenceNumber, String partitionKey, long approximateArrival, byte[] data) {
    }

    private static final String SHARD = "shardId-000000000000";

    private final CoreSettings settings;
    private final RecordDecoder decoder;
    private final int batchSize;

    public TidemarkHandlerPath(CoreSettings settings, RecordDecoder decoder, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.settings = settings;
        this.decoder = decoder;
        this.batchSize = batchSize;
    }

    /** The handler's own decoder, and the settings and batch size (500) of {@link PipelineConfig#defaults()}. */
    public static TidemarkHandlerPath defaults() {
        PipelineConfig config = PipelineConfig.defaults();
        return new TidemarkHandlerPath(config.coreSettings(), new JsonEventDecoder(), config.eventSource().batchSize());
    }

    /**
     * The lines as one shard's records, as {@code tidemark local} makes them of a file (partition key
     * {@code user_id}, increasing sequence numbers, arrivals from the file's own clock with the default
     * event-time settings). Not part of the handler's work, so not timed.
     */
    public static List<KinesisRecord> asShardRecords(List<byte[]> lines) {
        List<KinesisRecord> out = new ArrayList<>(lines.size());
        BoundedInput input = new BoundedInput(PipelineConfig.defaults().eventTime());
        List<BoundedInput.Line> arrived = new ArrayList<>(lines.size());
        long number = 0;
        for (byte[] line : lines) {
            arrived.addAll(input.add(++number, line));
        }
        arrived.addAll(input.finish());
        long seq = 49_600_000_000_000_000L;
        for (BoundedInput.Line line : arrived) {
            out.add(new KinesisRecord(Long.toString(seq++), line.partitionKey(), line.arrival(), line.data()));
        }
        return out;
    }

    /** Processes every record and returns the report; the timing covers exactly that. */
    public Timed<Report> run(List<KinesisRecord> records) {
        return Timed.measure(() -> process(records));
    }

    private Report process(List<KinesisRecord> records) {
        ShardProcessor processor = new ShardProcessor(settings);
        ShardState state = processor.newState(SHARD);
        InMemoryOrderArchive claims = new InMemoryOrderArchive();
        ReportAssembler views = new ReportAssembler();
        long logBytes = 0;
        List<StreamRecord> batch = new ArrayList<>(batchSize);
        for (int from = 0; from < records.size(); from += batchSize) {
            batch.clear();
            for (KinesisRecord k : records.subList(from, Math.min(records.size(), from + batchSize))) {
                batch.add(decode(k));
            }
            StepResult result = processor.step(state, batch, WatermarkInputs.at(System.currentTimeMillis()), claims);
            logBytes += StepLogCodec.encode(result.log()).length;
            views.add(SHARD, result.effects());
        }
        StepResult end = processor.tick(state, WatermarkInputs.at(System.currentTimeMillis()).withEndOfInput());
        logBytes += StepLogCodec.encode(end.log()).length;
        views.add(SHARD, end.effects());
        if (logBytes <= 0) {
            throw new IllegalStateException("no log entry was encoded"); // also keeps the encoding from being optimised away
        }
        return views.report();
    }

    private StreamRecord decode(KinesisRecord k) {
        RecordDecoder.Decoded decoded = decoder.decode(k.data());
        if (decoded instanceof RecordDecoder.Valid v) {
            return StreamRecord.valid(k.sequenceNumber(), k.partitionKey(), k.approximateArrival(), v.event());
        }
        return StreamRecord.rejected(k.sequenceNumber(), k.partitionKey(), k.approximateArrival(),
                ((RecordDecoder.Invalid) decoded).problems(), k.data());
    }
}

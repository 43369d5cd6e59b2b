package io.tidemark.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.bench.input.BenchInput;
import io.tidemark.bench.input.ShardedInput;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.dynamodb.StateRetention;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.handlers.RecordDecoder;
import io.tidemark.handlers.SweeperHandler;
import io.tidemark.local.store.InMemoryDatabase;
import io.tidemark.local.LambdaEvents;
import io.tidemark.local.LocalContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events per second through the Kinesis handler's path, JSON decoding and validation included, on
 * one thread: {@value #EVENTS} generated events of 10 000 users (1 % duplicates, 5 % repeated orders,
 * 0.2 % late, 0.2 % invalid) on one shard, as Lambda delivers them ({@link KinesisEvent}s of 500
 * records, built before timing: the Lambda runtime deserializes the event, not the handler).
 * <ul>
 *   <li>{@code decodeValidateStep} — no state I/O: each record's bytes through {@link JsonEventDecoder},
 *       the batch through {@link ShardProcessor#step} (order claims in memory) and the step's log entry
 *       encoded, exactly what {@link KinesisHandler} computes before it writes to DynamoDB;</li>
 *   <li>{@code handlerWithEmbeddedStore} — the real {@link KinesisHandler} and end-of-input sweep on
 *       the embedded store of {@code tidemark local} (fresh tables per invocation): every conditional write,
 *       the commit, view rows, head rows, snapshots, in the benchmark thread.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
// The SDK and the claim pool may leave non-daemon threads behind: let the fork exit 1 s after the benchmark, not JMH's default 30 s.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djmh.shutdownTimeout=1", "-Djmh.shutdownTimeout.step=1"})
public class KinesisHandlerBenchmark {

    static final int EVENTS = 100_000;

    /** The batches, as Lambda hands them to the handler. */
    @State(Scope.Benchmark)
    public static class Traffic {
        List<KinesisEvent> events;

        @Setup(Level.Trial)
        public void generate() {
            BenchInput input = BenchInput.generate(Path.of(System.getProperty("java.io.tmpdir"), "tidemark-bench"),
                    BenchInput.withFaults(42, EVENTS, 10_000));
            events = new ArrayList<>();
            ShardedInput.feed(input.lines(), 1, 500, (shard, batch) -> events.add(LambdaEvents.kinesisEvent(batch,
                    "arn:aws:kinesis:us-east-1:000000000000:stream/bench", "us-east-1", "arn:aws:iam::000000000000:role/bench")));
        }
    }

    /** A fresh shard for every invocation of the I/O-free path. */
    @State(Scope.Thread)
    public static class Core {
        final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
        final RecordDecoder decoder = new JsonEventDecoder();
        ShardState state;
        InMemoryOrderArchive claims;

        @Setup(Level.Invocation)
        public void freshShard() {
            state = processor.newState("shardId-000000000000");
            claims = new InMemoryOrderArchive();
        }
    }

    /** Fresh tables in the embedded store for every invocation of the handler, dropped after it. */
    @State(Scope.Thread)
    public static class Tables {
        private static final AtomicInteger PREFIXES = new AtomicInteger();
        private static final InMemoryDatabase DATABASE = new InMemoryDatabase();
        final LocalContext context = new LocalContext("tidemark-kinesis-handler", 900_000);
        TableNames tables;
        KinesisHandler handler;
        SweeperHandler sweeper;

        @Setup(Level.Invocation)
        public void create() {
            String prefix = "jmh" + PREFIXES.incrementAndGet();
            tables = TableNames.forPrefix(prefix);
            DATABASE.items(tables, new WriteMeter()).createTables();
            PipelineConfig config = PipelineConfig.defaults().withTablePrefix(prefix);
            StepExecutor executor = new StepExecutor(StateStore.on(DATABASE.items(tables, new WriteMeter()), StateRetention.defaults()),
                    new ShardProcessor(config.coreSettings()));
            JsonLog quiet = JsonLog.stdout("bench").quiet();
            handler = new KinesisHandler(executor, new JsonEventDecoder(), Clock.systemUTC(), BusinessMetrics.NONE, quiet);
            sweeper = new SweeperHandler(executor, config, Clock.systemUTC(), BusinessMetrics.NONE, quiet);
        }

        @TearDown(Level.Invocation)
        public void drop() {
            DATABASE.items(tables, new WriteMeter()).deleteTables();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void decodeValidateStep(Traffic traffic, Core core, Blackhole bh) {
        long now = System.currentTimeMillis();
        for (KinesisEvent event : traffic.events) {
            List<StreamRecord> records = new ArrayList<>(event.getRecords().size());
            for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
                KinesisEvent.Record k = r.getKinesis();
                ByteBuffer data = k.getData().duplicate();
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                long arrival = k.getApproximateArrivalTimestamp().getTime();
                if (core.decoder.decode(bytes) instanceof RecordDecoder.Valid v) {
                    records.add(StreamRecord.valid(k.getSequenceNumber(), k.getPartitionKey(), arrival, v.event()));
                } else {
                    records.add(StreamRecord.rejected(k.getSequenceNumber(), k.getPartitionKey(), arrival, List.of("invalid"), bytes));
                }
            }
            StepResult result = core.processor.step(core.state, records, WatermarkInputs.at(now), core.claims);
            bh.consume(StepLogCodec.encode(result.log()));
            bh.consume(result.effects());
        }
        bh.consume(core.processor.tick(core.state, WatermarkInputs.at(now + 1).withEndOfInput()).effects());
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void handlerWithEmbeddedStore(Traffic traffic, Tables tables, Blackhole bh) {
        for (KinesisEvent event : traffic.events) {
            StreamsEventResponse response = tables.handler.handleRequest(event, tables.context);
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("the handler failed a batch: " + response.getBatchItemFailures());
            }
            bh.consume(response);
        }
        bh.consume(tables.sweeper.endOfInput());
    }
}

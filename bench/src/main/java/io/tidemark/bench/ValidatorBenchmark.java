package io.tidemark.bench;

import io.tidemark.events.EventJson;
import io.tidemark.events.EventValidator;
import io.tidemark.events.ValidationResult;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;

/**
 * Decode + validate of generated records (the first thing the Kinesis handler does to each
 * record): records per second on one thread = {@code ops/s × RECORDS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidatorBenchmark {

    static final int RECORDS = 10_000;

    private byte[][] records;
    private final EventValidator validator = new EventValidator();

    @Setup(Level.Trial)
    public void generate() {
        List<GeneratedRecord> generated = new TrafficGenerator(GeneratorSettings.defaults(7).withCount(RECORDS)).generate();
        records = generated.stream().map(r -> EventJson.toBytes(r.event())).toArray(byte[][]::new);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void validate(Blackhole sink) {
        for (byte[] record : records) {
            ValidationResult r = validator.validate(record);
            sink.consume(r);
        }
    }
}

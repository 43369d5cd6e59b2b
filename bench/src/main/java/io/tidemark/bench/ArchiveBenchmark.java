package io.tidemark.bench;

import io.tidemark.archive.ArchiveFormat;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.events.EventJson;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.local.KinesisSharding;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchiveReader;
import io.tidemark.local.archive.ArchivedLog;
import io.tidemark.local.archive.DirectoryArchiveWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The event archive's own cost, without I/O latency: one record to its archive line and back, its
 * event-date partition, and reading back a local archive of {@value #RECORDS} generated records
 * (parse, de-duplicate, per-shard sort, merge by arrival) — what bounds how fast {@code tidemark
 * replay} can be fed before the handlers and DynamoDB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ArchiveBenchmark {

    static final int RECORDS = 100_000;

    private SourceRecord record;
    private String line;
    private Path dir;

    @Setup(Level.Trial)
    public void archive() throws IOException {
        List<GeneratedRecord> traffic = new TrafficGenerator(GeneratorSettings.defaults(3).withCount(RECORDS)).generate();
        dir = Files.createTempDirectory("archive-bench");
        Instant arrival = Instant.parse("2026-11-23T10:00:00Z");
        long[] sequence = new long[4];
        try (DirectoryArchiveWriter writer = new DirectoryArchiveWriter(dir, arrival)) {
            for (GeneratedRecord r : traffic) {
                byte[] data = EventJson.toJson(r.event()).getBytes(StandardCharsets.UTF_8);
                int shard = KinesisSharding.shardIndex(r.event().userId(), 4);
                SourceRecord s = new SourceRecord(KinesisSharding.shardId(shard), String.format("4960%04d%020d", shard, ++sequence[shard]),
                        r.event().userId(), data, Instant.ofEpochMilli(r.arrivalMillis()));
                writer.write(ArchiveFormat.eventDate(data), List.of(ArchiveFormat.encode(s)));
                record = s;
            }
        }
        line = ArchiveFormat.encode(record);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public String encodeLine() {
        return ArchiveFormat.encode(record);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public SourceRecord decodeLine() {
        return ArchiveFormat.decode(line, "bench");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public String eventDate() {
        return ArchiveFormat.eventDate(record.data());
    }

    /** Milliseconds per {@value #RECORDS} records; records/s = RECORDS / (ms / 1000). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<SourceRecord> readArchiveInArrivalOrder() {
        ArchivedLog log = ArchiveReader.all(null).read(new ArchiveLocation.LocalPath(dir));
        return new ArrayList<>(log.inArrivalOrder());
    }
}

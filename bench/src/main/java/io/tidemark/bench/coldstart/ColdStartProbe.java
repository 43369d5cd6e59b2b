package io.tidemark.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.local.LocalContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The child JVM of the cold-start benchmark, started fresh for every measurement with only the
 * Lambda jar (and this class) on its class path, configured like a function (environment: table
 * prefix, DynamoDB endpoint): builds the Kinesis handler with its Lambda constructor, optionally
 * primes it (what SnapStart's {@code beforeCheckpoint} does before the snapshot), handles a first
 * batch, then a 10 000-record batch, and prints one line {@code COLDSTART {json}} with the phases
 * in milliseconds and the heap in bytes. Arguments: {@code cold|primed FILE FIRST_BATCH HEAP_BATCH}.
 * Nothing here may be initialized before the handler: the class touches only JDK and Lambda event types.
 */
public final class ColdStartProbe {

    public static final String MARKER = "COLDSTART ";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        boolean primed = args[0].equals("primed");
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int first = Integer.parseInt(args[2]);
        int heapBatch = Integer.parseInt(args[3]);
        // The Lambda runtime deserializes the event outside the handler: built before timing starts.
        KinesisEvent firstEvent = event(lines.subList(0, first), 0);
        KinesisEvent bigEvent = event(lines.subList(first, first + heapBatch), first);
        LocalContext context = new LocalContext("tidemark-kinesis-handler", 900_000);

        long t0 = System.nanoTime();
        KinesisHandler handler = new KinesisHandler();
        long t1 = System.nanoTime();
        if (primed) {
            handler.prime();
        }
        long t2 = System.nanoTime();
        StreamsEventResponse r = handler.handleRequest(firstEvent, context);
        long t3 = System.nanoTime();
        check(r);
        check(handler.handleRequest(bigEvent, context));
        long heapAfterBatch = usedHeap();
        System.gc();
        long heapRetained = usedHeap();
        long peak = peakHeap();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        double toMain = mainAt - jvmStart;
        System.out.println(MARKER + "{\"mode\":\"" + args[0] + "\",\"jvm_to_main_ms\":" + toMain
                + ",\"init_ms\":" + ms(t1 - t0) + ",\"priming_ms\":" + ms(t2 - t1) + ",\"first_batch_ms\":" + ms(t3 - t2)
                + ",\"first_batch_records\":" + first + ",\"heap_batch_records\":" + heapBatch
                + ",\"heap_used_after_batch_bytes\":" + heapAfterBatch + ",\"heap_retained_bytes\":" + heapRetained
                + ",\"heap_peak_bytes\":" + peak + ",\"max_heap_bytes\":" + Runtime.getRuntime().maxMemory() + "}");
        System.exit(0); // the SDK's connection pool threads must not keep the probe alive
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void check(StreamsEventResponse r) {
        if (!r.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the handler failed the batch at " + r.getBatchItemFailures().get(0).getItemIdentifier());
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap the run needed. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** A Kinesis event of one shard, as the runtime would hand it over. */
    private static KinesisEvent event(List<String> lines, int offset) {
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>(lines.size());
        Date arrival = new Date();
        for (int i = 0; i < lines.size(); i++) {
            String seq = String.format("4960%024d", offset + i + 1);
            byte[] data = lines.get(i).getBytes(StandardCharsets.UTF_8);
            KinesisEvent.Record k = new KinesisEvent.Record();
            k.setSequenceNumber(seq);
            k.setPartitionKey(partitionKey(lines.get(i)));
            k.setApproximateArrivalTimestamp(arrival);
            k.setData(ByteBuffer.wrap(data));
            k.setKinesisSchemaVersion("1.0");
            KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
            r.setKinesis(k);
            r.setEventID("shardId-000000000000:" + seq);
            r.setEventSource("aws:kinesis");
            r.setEventName("aws:kinesis:record");
            r.setAwsRegion("us-east-1");
            records.add(r);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records);
        return event;
    }

    /** The user id as the producer's partition key (a plain scan: no JSON library may load before the handler). */
    private static String partitionKey(String line) {
        int at = line.indexOf("\"user_id\":\"");
        if (at < 0) {
            return "invalid-record";
        }
        int start = at + "\"user_id\":\"".length();
        int end = line.indexOf('"', start);
        return end < 0 ? "invalid-record" : line.substring(start, end);
    }
}

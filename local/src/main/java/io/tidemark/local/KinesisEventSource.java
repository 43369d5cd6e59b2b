package io.tidemark.local;

import io.tidemark.config.EventSourceSettings;
import io.tidemark.core.stream.SourceRecord;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lambda's Kinesis event source mapping, on any Kinesis endpoint: one poller per shard reads
 * records (from the starting position), gathers them into batches (batch size, batching window)
 * and hands each batch to a {@link BatchInvoker} (partial batch responses, bisection, retries,
 * record age, on-failure destination). With a parallelization factor above 1, a batch is split
 * into lanes by partition key, processed concurrently, order kept per key. New shards are found
 * by listing the stream; a child shard starts only once its parents have been read to their end.
 * Checkpoints are kept in memory, as Lambda keeps them internally.
 */
public final class KinesisEventSource implements AutoCloseable {

    /** How often an idle shard is polled; Kinesis allows 5 GetRecords per second per shard. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(2);

    private final KinesisClient kinesis;
    private final String stream;
    private final EventSourceSettings settings;
    private final BatchInvoker.Invocation<SourceRecord> function;
    private final FailureDestination destination;
    private final Clock clock;
    private final ExecutorService pollers = Executors.newCachedThreadPool(daemon("kinesis-shard"));
    private final ExecutorService lanes;
    private final Map<String, ShardState> shards = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsDone = new AtomicLong();
    private final BatchInvoker.Stats stats = new BatchInvoker.Stats();
    private Thread discovery;

    public KinesisEventSource(KinesisClient kinesis, String stream, EventSourceSettings settings,
                              BatchInvoker.Invocation<SourceRecord> function, FailureDestination destination, Clock clock) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.settings = settings;
        this.function = function;
        this.destination = destination;
        this.clock = clock;
        this.lanes = Executors.newFixedThreadPool(Math.max(1, settings.parallelizationFactor()) * 4, daemon("kinesis-lane"));
    }

    /** Starts polling; returns at once. */
    public KinesisEventSource start() {
        discovery = new Thread(this::discover, "kinesis-discovery-" + stream);
        discovery.setDaemon(true);
        discovery.start();
        return this;
    }

    /** Records read from the stream so far, and records settled (processed or discarded). */
    public long recordsRead() {
        return recordsRead.get();
    }

    public long recordsSettled() {
        return recordsDone.get();
    }

    public synchronized BatchInvoker.Stats stats() {
        return stats;
    }

    /**
     * Waits until every shard has been read up to its tip and every record read is settled, with no
     * new record seen for {@code quiet}; false if that did not happen within {@code timeout}.
     */
    public boolean awaitCaughtUp(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastRead = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long read = recordsRead.get();
            boolean settled = read == recordsDone.get() && !shards.isEmpty() && shards.values().stream().allMatch(s -> s.atTip);
            if (read != lastRead || !settled) {
                lastRead = read;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (discovery != null) {
            discovery.interrupt();
            discovery.join(5_000);
        }
        pollers.shutdownNow();
        lanes.shutdownNow();
        pollers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        lanes.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void discover() {
        while (running.get()) {
            try {
                List<Shard> listed = kinesis.listShards(b -> b.streamName(stream)).shards();
                Set<String> known = new HashSet<>();
                listed.forEach(s -> known.add(s.shardId()));
                for (Shard shard : listed) {
                    if (shards.containsKey(shard.shardId())) {
                        continue;
                    }
                    // Parents first: a child starts when its parents are gone or read to their end.
                    if (parentPending(shard.parentShardId(), known) || parentPending(shard.adjacentParentShardId(), known)) {
                        continue;
                    }
                    ShardState state = new ShardState(shard.shardId());
                    shards.put(shard.shardId(), state);
                    pollers.submit(() -> poll(state));
                }
                Thread.sleep(DISCOVERY_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                System.err.println("kinesis event source: listing shards of " + stream + " failed: " + e.getMessage());
                sleepQuietly(DISCOVERY_INTERVAL);
            }
        }
    }

    private boolean parentPending(String parent, Set<String> listed) {
        if (parent == null || !listed.contains(parent)) {
            return false;
        }
        ShardState state = shards.get(parent);
        return state == null || !state.ended;
    }

    private void poll(ShardState shard) {
        String streamArn = null;
        try {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.id)
                    .shardIteratorType(settings.startingPosition() == EventSourceSettings.StartingPosition.LATEST
                            ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<SourceRecord> buffer = new ArrayList<>();
            long firstBuffered = 0;
            while (running.get() && iterator != null) {
                String current = iterator;
                GetRecordsResponse page;
                try {
                    page = kinesis.getRecords(b -> b.shardIterator(current).limit(Math.min(10_000, settings.batchSize())));
                } catch (ExpiredIteratorException e) {
                    String after = shard.lastSequence;
                    iterator = after == null ? null : kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.id)
                            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after)).shardIterator();
                    continue;
                }
                iterator = page.nextShardIterator();
                for (Record r : page.records()) {
                    if (buffer.isEmpty()) {
                        firstBuffered = System.nanoTime();
                    }
                    buffer.add(new SourceRecord(shard.id, r.sequenceNumber(), r.partitionKey(), r.data().asByteArray(),
                            r.approximateArrivalTimestamp()));
                    shard.lastSequence = r.sequenceNumber();
                }
                recordsRead.addAndGet(page.records().size());
                boolean windowOver = System.nanoTime() - firstBuffered >= settings.maximumBatchingWindow().toNanos();
                boolean full = buffer.size() >= settings.batchSize();
                boolean atTip = page.records().isEmpty() || (page.millisBehindLatest() != null && page.millisBehindLatest() == 0);
                if (!buffer.isEmpty() && (full || windowOver || iterator == null)) {
                    while (!buffer.isEmpty()) {
                        int n = Math.min(settings.batchSize(), buffer.size());
                        List<SourceRecord> batch = new ArrayList<>(buffer.subList(0, n));
                        buffer.subList(0, n).clear();
                        dispatch(batch);
                    }
                }
                shard.atTip = atTip && buffer.isEmpty();
                if (page.records().isEmpty() && iterator != null) {
                    Thread.sleep(POLL_INTERVAL.toMillis());
                }
            }
            shard.ended = iterator == null;
            shard.atTip = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("kinesis event source: shard " + shard.id + " stopped: " + e);
                shards.remove(shard.id); // rediscovered and restarted from the starting position
            }
        }
    }

    /** One batch: straight to the invoker, or split into lanes by partition key. */
    private void dispatch(List<SourceRecord> batch) throws InterruptedException {
        int factor = settings.parallelizationFactor();
        if (factor <= 1) {
            invoke(batch);
            return;
        }
        Map<Integer, List<SourceRecord>> byLane = new LinkedHashMap<>();
        for (SourceRecord r : batch) {
            byLane.computeIfAbsent(Math.floorMod(r.partitionKey().hashCode(), factor), k -> new ArrayList<>()).add(r);
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<SourceRecord> lane : byLane.values()) {
            running.add(lanes.submit(() -> {
                invoke(lane);
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void invoke(List<SourceRecord> batch) throws InterruptedException {
        BatchInvoker<SourceRecord> invoker = new BatchInvoker<>(settings, function, destination, SourceRecord::arrival, clock,
                Duration.ofMillis(100));
        try {
            invoker.process(batch);
        } finally {
            recordsDone.addAndGet(batch.size());
            synchronized (this) {
                BatchInvoker.Stats s = invoker.stats();
                stats.invocations += s.invocations;
                stats.functionErrors += s.functionErrors;
                stats.partialFailures += s.partialFailures;
                stats.bisections += s.bisections;
                stats.retries += s.retries;
                stats.discardedRecords += s.discardedRecords;
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class ShardState {
        final String id;
        volatile String lastSequence;
        volatile boolean atTip;
        volatile boolean ended;

        ShardState(String id) {
            this.id = id;
        }
    }
}

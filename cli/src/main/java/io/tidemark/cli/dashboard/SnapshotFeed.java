package io.tidemark.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one poll of the tables that every open page shares: a single thread reads the views every {@code interval}
 * ({@link IncrementalViewsReader}), assembles the snapshot and keeps its JSON; pages and {@code /api/snapshot} get
 * that JSON, never a read of their own. A failed read keeps the last snapshot and says why in {@code error}.
 */
public final class SnapshotFeed implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final IncrementalViewsReader reader;
    private final SnapshotAssembler assembler;
    private final FailureQueue failureQueue;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService poller;
    private final Object changed = new Object();
    private long version;
    private byte[] latest;
    private String lastError;

    public SnapshotFeed(StateStore store, ViewSettings views, Duration idleTimeout, FailureQueue failureQueue, Clock clock, Duration interval) {
        this.reader = new IncrementalViewsReader(store, views);
        this.assembler = new SnapshotAssembler(reader.layout(), idleTimeout);
        this.failureQueue = failureQueue;
        this.clock = clock;
        this.interval = interval;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads once now (so the first page load has numbers), then every interval. */
    public SnapshotFeed start() {
        poll();
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One poll: read, assemble, publish. */
    void poll() {
        byte[] json;
        try {
            long now = clock.millis();
            DashboardSnapshot snapshot = assembler.assemble(reader.read(now), failureQueue.depth(), now);
            ObjectNode tree = JSON.valueToTree(snapshot);
            tree.putNull("error");
            json = JSON.writeValueAsBytes(tree);
            lastError = null;
        } catch (RuntimeException | IOException e) {
            lastError = "could not read the views: " + e.getMessage();
            json = withError(latest, lastError);
        }
        synchronized (changed) {
            latest = json;
            version++;
            changed.notifyAll();
        }
    }

    private static byte[] withError(byte[] last, String error) {
        try {
            ObjectNode tree = last == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(last);
            tree.put("error", error);
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest snapshot's JSON and its version (0 before the first poll). */
    public Published latest() {
        synchronized (changed) {
            return new Published(version, latest == null ? "{}".getBytes(StandardCharsets.UTF_8) : latest);
        }
    }

    /** Waits until a snapshot newer than {@code version} is published, or {@code timeout} passes; returns the latest. */
    Published awaitAfter(long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (this.version <= version) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
            return new Published(this.version, latest == null ? "{}".getBytes(StandardCharsets.UTF_8) : latest);
        }
    }

    /** One published snapshot. */
    public record Published(long version, byte[] json) {
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.core.OrderArchive;
import io.tidemark.core.PreparedStep;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.enrich.CustomerDirectory;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.PageLayout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs one step of one shard against DynamoDB with the exactly-once write sequence of
 * docs/state.md:
 * <ol>
 *   <li>the shard's state (cached in this container, else snapshot + log replay, re-writing the
 *       last entry's effects), and every head row for the peers' progress;</li>
 *   <li>the pure step: {@code prepare}, the order archive asked about orders their users' state does not
 *       hold (reads), the tiers of the purchases' customers (batched, cached reads of the customers table),
 *       {@code complete};</li>
 *   <li>the commit: a conditional put of log entry {@code (shard, n)}; if another invocation
 *       committed {@code n} first, drop the state, reload and redo from 1;</li>
 *   <li>effects: view pages ({@code commit < n}), the step's closed sessions, the step's alerts
 *       row ({@code attribute_not_exists}, keyed by shard and step), the step's rejected and late records as
 *       one quarantine row (keyed by shard and step; they carry their original bytes in the entry, so a
 *       reload writes the same row again), the orders that left memory to the order archive;</li>
 *   <li>a snapshot when the log since the last one outgrew {@code snapshotLogMultiple} times it (only once the effects are written:
 *       a reload from a snapshot at step n does not re-write n's effects);</li>
 *   <li>last the head row ({@code step < n}).</li>
 * </ol>
 * Any failure drops the cached state, so the next step reloads and re-writes the last entry's
 * effects. Thread-safe: a step takes its shard's state out of the cache, so two concurrent steps
 * of one shard (a parallelization factor above 1) each work on their own copy and race on the commit.
 */
public final class StepExecutor {

    private static final int MAX_ATTEMPTS = 20;

    private final StateStore store;
    private final ShardProcessor processor;
    private final ShardLoader loader;
    private final CustomerDirectory customers;
    private final HandOver handOver;
    private final PoisonRecordSearch poisonRecords;
    private final ConcurrentHashMap<String, LoadedShard> cache = new ConcurrentHashMap<>();
    private volatile Consumer<HandedOver> onHandOver = done -> { };

    /** The executor of a deployed pipeline on a stream that reports its shards: its core settings, its customers table behind the configured cache. */
    public static StepExecutor forPipeline(StateStore store, PipelineConfig config, StreamShards stream) {
        return new StepExecutor(store, new ShardProcessor(config.coreSettings()),
                new CachingCustomerDirectory(store.customers(), config.customerCache()), stream);
    }

    /** {@link #forPipeline(StateStore, PipelineConfig, StreamShards)} of a stream that is never resharded. */
    public static StepExecutor forPipeline(StateStore store, PipelineConfig config) {
        return forPipeline(store, config, StreamShards.NONE);
    }

    /** Enriches purchases from the store's customers table through a cache with the default settings; never resharded. */
    public StepExecutor(StateStore store, ShardProcessor processor) {
        this(store, processor, new CachingCustomerDirectory(store.customers(), CustomerCacheSettings.defaults()), StreamShards.NONE);
    }

    /**
     * With the customer directory to enrich purchases from (one per container: it holds the cache) and
     * the stream's own account of its shards, from which a reshard's lineage is learned.
     */
    public StepExecutor(StateStore store, ShardProcessor processor, CustomerDirectory customers, StreamShards stream) {
        this.store = Objects.requireNonNull(store, "store");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.loader = new ShardLoader(store, processor);
        this.handOver = new HandOver(new ShardTopology(store.lineages(), stream), new HandOverSteps());
        this.poisonRecords = new PoisonRecordSearch(processor, loader, store.heads());
    }

    /** Told of every reshard hand-over this executor does (logs, metrics). */
    public void onHandOver(Consumer<HandedOver> listener) {
        this.onHandOver = Objects.requireNonNull(listener, "listener");
    }

    public StateStore store() {
        return store;
    }

    public ShardProcessor processor() {
        return processor;
    }

    /**
     * What to step.
     *
     * @param shardId    the shard
     * @param records    its records in sequence order (empty for a sweeper tick), with their original bytes
     *                   (kept for the quarantine if a record is rejected or late)
     * @param now        processing time, ms
     * @param endOfInput a bounded input ends after these records
     * @param redrive    the name of the failed batch these records are taken in again from ({@code ShardProcessor.prepare}), or null
     */
    public record StepRequest(String shardId, List<StreamRecord> records, long now, boolean endOfInput, String redrive) {
        public StepRequest {
            Objects.requireNonNull(shardId, "shardId");
            records = List.copyOf(records);
        }

        public static StepRequest records(String shardId, List<StreamRecord> records, long now) {
            return new StepRequest(shardId, records, now, false, null);
        }

        public static StepRequest tick(String shardId, long now, boolean endOfInput) {
            return new StepRequest(shardId, List.of(), now, endOfInput, null);
        }

        /** Records of the failed batch {@code batch} taken in again by the shard that owns their keys now. */
        public static StepRequest redrive(String shardId, String batch, List<StreamRecord> records, long now) {
            return new StepRequest(shardId, records, now, false, Objects.requireNonNull(batch, "batch"));
        }
    }

    /**
     * What a step did.
     *
     * @param committed     false when every record had been applied before (nothing to do, nothing written)
     * @param effects       the step's effects ({@code null} if not committed)
     * @param attempts      tries, including redos after losing the commit race
     * @param newAlerts     alerts this step recorded for the first time (the exactly-once record)
     * @param deltas        what the step added to the business metrics ({@link StepMetricDeltas#NONE} if not committed)
     * @param cost          capacity units DynamoDB reported for the step (reload and redos included)
     */
    public record Outcome(String shardId, boolean committed, StepEffects effects, int attempts, List<CartAbandonment> newAlerts,
                          StepMetricDeltas deltas, WriteMeter.Units cost) {

        /** Sum of the amounts of the orders this step counted. */
        public BigDecimal revenue() {
            return deltas.revenue();
        }

        /** Order ids this step counted. */
        public long orders() {
            return deltas.orders();
        }

        /** This shard's active-user windows that became final in the step. */
        public List<StepMetricDeltas.FinalWindow> finalWindows() {
            return deltas.finalWindows();
        }

        /** What the step added to ad attribution and revenue by tier. */
        public StepMetricDeltas.JoinDeltas joins() {
            return deltas.joins();
        }
    }

    /**
     * A reshard's hand-over: the parents that ended, each with the step it ended at, and how many users
     * each child took over, with the capacity the hand-over used.
     */
    public record HandedOver(Map<String, Long> parents, Map<String, Integer> children, WriteMeter.Units cost) {
    }

    public Outcome run(StepRequest request) {
        WriteMeter.Units before = store.meter().snapshot();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // Taken out of the cache: if anything below throws, the state is gone with it and the next
            // step reloads (re-writing the last entry's effects).
            LoadedShard shard = cache.remove(request.shardId());
            if (shard == null) {
                shard = load(request.shardId(), request.now());
            }
            if (shard.state.ended()) {
                // Handed over to its children after a reshard: its records are theirs (a replay over the same
                // tables, say), and time passing changes nothing here.
                return new Outcome(request.shardId(), false, null, attempt, List.of(), StepMetricDeltas.NONE, store.meter().snapshot().minus(before));
            }
            Outcome outcome = attempt(shard, request, attempt, before);
            if (outcome != null) {
                cache.merge(request.shardId(), shard, (a, b) -> a.state.appliedSteps() >= b.state.appliedSteps() ? a : b);
                return outcome;
            }
            // Lost the commit race: this state is ahead of the table's truth; reload and redo.
        }
        throw new IllegalStateException("shard " + request.shardId() + ": could not commit a step in " + MAX_ATTEMPTS
                + " attempts (other invocations keep committing first)");
    }

    /**
     * After a step failed with an unexpected (non-DynamoDB) error: the index of the first record
     * that makes the pure step fail ({@link PoisonRecordSearch}; nothing is written), or −1 if the
     * whole batch now steps fine.
     */
    public int firstFailingRecord(String shardId, List<StreamRecord> records, long now) {
        return poisonRecords.firstFailingRecord(shardId, records, now);
    }

    /** Drops every cached shard state (as a new container would start). */
    public void clearCache() {
        cache.clear();
    }

    private LoadedShard load(String shardId, long now) {
        ShardLoader.Result loaded = loader.loadShard(shardId);
        if (loaded.isBlank()) {
            WriteMeter.Units before = store.meter().snapshot();
            Optional<HandOver.Done> done = handOver.startIfChild(shardId, now);
            if (done.isPresent()) {
                onHandOver.accept(new HandedOver(done.get().parents(), done.get().children(), store.meter().snapshot().minus(before)));
                loaded = loader.loadShard(shardId);
            }
        }
        if (loaded.lastEffects() != null) {
            writeEffects(shardId, loaded.lastEffects(), loaded.shard(), now, Timestamps.NEGATIVE_INFINITY, () -> { });
        } else if (loaded.shard().state.appliedSteps() > 0) {
            // Loaded from a snapshot with no later entry: its step's effects were complete before the
            // snapshot was written, but the head row comes after it and may be missing.
            writeHead(shardId, loaded.shard(), now);
        }
        return loaded.shard();
    }

    private Outcome attempt(LoadedShard shard, StepRequest request, int attempt, WriteMeter.Units before) {
        ShardState state = shard.state;
        String shardId = request.shardId();
        WatermarkInputs inputs = WatermarkInputs.at(request.now()).withPeers(store.heads().peersOf(shardId));
        if (request.endOfInput()) {
            inputs = inputs.withEndOfInput();
        }
        PreparedStep prepared = processor.prepare(state, request.records(), inputs, request.redrive());
        if (!request.records().isEmpty() && prepared.skipped() == request.records().size() && !request.endOfInput()) {
            // Every record was applied before (a retry or a replay): a step would change nothing.
            return new Outcome(shardId, false, null, attempt, List.of(), StepMetricDeltas.NONE, store.meter().snapshot().minus(before));
        }
        OrderArchive.Answer archived = prepared.orderLookups().isEmpty() ? OrderArchive.Answer.NOTHING_ASKED
                : store.orderArchive(request.now()).archived(prepared.orderLookups());
        Map<String, String> tiers = customers.tiers(prepared.customerLookups());
        StepMetricDeltas.Before metricsBefore = StepMetricDeltas.before(state);
        long horizonBefore = state.sealedHorizon();
        StepResult result = processor.complete(state, prepared, archived, tiers);
        StepEffects fx = result.effects();

        byte[] entry = StepLogCodec.encode(result.log());
        String lastSequence = result.log().maxSequenceNumber() != null && request.redrive() == null ? result.log().maxSequenceNumber()
                : shard.lastSequence;
        if (!store.log().commit(shardId, fx.step(), entry, result.log().records(), request.now(), headOf(shardId, shard, lastSequence, request.now()))) {
            return null;
        }
        shard.logBytesSinceSnapshot += entry.length;
        shard.lastSequence = lastSequence;
        // The snapshot comes after the effects: a reload from a snapshot at step n does not re-write
        // n's effects, so they must be complete before the snapshot exists.
        List<CartAbandonment> recorded = writeEffects(shardId, fx, shard, request.now(), horizonBefore, () -> {
            if (shard.snapshotDue(request.now(), store.retention())) {
                byte[] snapshot = ShardStateCodec.encode(state);
                store.snapshots().write(shardId, fx.step(), snapshot, request.now());
                shard.snapshotStep = fx.step();
                shard.snapshotBytes = snapshot.length;
                shard.snapshotAt = request.now();
                shard.logBytesSinceSnapshot = 0;
            }
        });

        return new Outcome(shardId, true, fx, attempt, recorded, StepMetricDeltas.of(metricsBefore, result.log(), fx),
                store.meter().snapshot().minus(before));
    }

    /**
     * Rejected and late records of a committed step. Only after the commit: a record is late by the
     * horizon of the attempt that judged it, and an attempt that did not commit may have seen a
     * higher global watermark than its redo (a peer that was idle then is active again).
     */
    private void quarantine(String shardId, StepEffects fx, long now) {
        List<Quarantine.Entry> entries = new ArrayList<>(fx.rejected().size() + fx.late().size());
        for (StreamRecord r : fx.rejected()) {
            entries.add(new Quarantine.Entry(Quarantine.Kind.REJECTED, shardId, r.sequenceNumber(), r.partitionKey(),
                    r.approximateArrival(), r.rejectionReasons(), r.data()));
        }
        for (LateRecord late : fx.late()) {
            StreamRecord r = late.record();
            entries.add(new Quarantine.Entry(Quarantine.Kind.LATE, shardId, r.sequenceNumber(), r.partitionKey(),
                    r.approximateArrival(), List.of(late.reason()), r.data()));
        }
        store.quarantine().keep(shardId, fx.step(), entries, now);
    }

    /**
     * Writes a committed step's effects, all idempotent, then the head row if the commit's head is not enough
     * ({@link #headRowNeeded}); returns the alerts recorded for the first time.
     */
    private List<CartAbandonment> writeEffects(String shardId, StepEffects fx, LoadedShard shard, long now, long horizonBefore,
                                               Runnable beforeHead) {
        store.views().writePages(shardId, fx.step(), fx.changedPages());
        store.views().writeSessions(shardId, fx.step(), fx.closedSessions(), now);
        quarantine(shardId, fx, now);
        List<CartAbandonment> recorded = store.alerts().record(shardId, fx.step(), fx.alerts(), now);
        if (!fx.archivedOrders().isEmpty()) {
            store.orderArchive(now).keep(shardId, fx.step(), fx.archivedOrders());
        }
        long snapshotBefore = shard.snapshotStep;
        beforeHead.run();
        if (headRowNeeded(shard, horizonBefore, fx.sealedHorizon()) || shard.snapshotStep != snapshotBefore) {
            writeHead(shardId, shard, now);
        }
        return recorded;
    }

    /**
     * Whether a step's head row must be written although its commit carries the head: this container never wrote the
     * shard's row (a first step, a reload: peers and the sweeper find shards by their rows), the shard ended, or the
     * step's horizon made a page final — then the row's settled horizon tells readers that its rows are written.
     */
    private boolean headRowNeeded(LoadedShard shard, long horizonBefore, long horizonAfter) {
        return !shard.headRowWritten || shard.state.ended() || pageFinalBetween(horizonBefore, horizonAfter);
    }

    /** Whether some page becomes final at an instant in ({@code before}, {@code after}]. */
    private boolean pageFinalBetween(long before, long after) {
        if (after <= before) {
            return false;
        }
        if (before == Timestamps.NEGATIVE_INFINITY || after == Timestamps.POSITIVE_INFINITY) {
            return true;
        }
        PageLayout layout = PageLayout.of(processor.settings().views());
        long offset = layout.finalAt(0); // pages start on whole pages: page p is final at p + offset
        return Math.floorDiv(after - offset, layout.pageMillis()) != Math.floorDiv(before - offset, layout.pageMillis());
    }

    /** The write sequence's part in a reshard's hand-over. */
    private final class HandOverSteps implements HandOver.Shards {
        @Override
        public LoadedShard load(String shardId, long now) {
            return StepExecutor.this.load(shardId, now);
        }

        @Override
        public boolean end(LoadedShard shard, long now) {
            String shardId = shard.state.shardId();
            long horizonBefore = shard.state.sealedHorizon();
            StepResult result = processor.end(shard.state, WatermarkInputs.at(now).withPeers(store.heads().peersOf(shardId)));
            if (!store.log().commit(shardId, result.effects().step(), StepLogCodec.encode(result.log()), 0, now,
                    headOf(shardId, shard, shard.lastSequence, now))) {
                return false;
            }
            writeEffects(shardId, result.effects(), shard, now, horizonBefore, () -> { });
            return true;
        }

        @Override
        public void start(String shardId, ShardState state, long now) {
            byte[] snapshot = ShardStateCodec.encode(state);
            store.snapshots().write(shardId, 0, snapshot, now);
            writeHead(shardId, new LoadedShard(state, 0, snapshot.length, now), now);
        }

        @Override
        public boolean hasState(String shardId) {
            return store.snapshots().latest(shardId).isPresent() || !store.log().entriesAfter(shardId, 0).isEmpty();
        }
    }

    /** The head row of the shard's newest applied step, from its state, its effects written (idempotent: {@code step < n}). */
    private void writeHead(String shardId, LoadedShard shard, long now) {
        store.heads().write(headOf(shardId, shard, shard.lastSequence, now));
        shard.headRowWritten = true;
    }

    /** The head after the shard's newest applied step; its horizon is settled once the step's effects are written. */
    private static ShardHead headOf(String shardId, LoadedShard shard, String lastSequence, long now) {
        ShardState state = shard.state;
        boolean pending = state.userCount() > 0 || !state.pages().isEmpty();
        return new ShardHead(shardId, state.appliedSteps(), state.progress(), state.watermark(), state.sealedHorizon(), state.totals(), pending,
                lastSequence, shard.snapshotStep, shard.snapshotAt, now, state.clock().maxEventTime(), state.openCarts(), state.sealedHorizon());
    }
}

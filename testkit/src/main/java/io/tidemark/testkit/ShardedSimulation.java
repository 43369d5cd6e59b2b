package io.tidemark.testkit;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.OrderArchive;
import io.tidemark.core.PreparedStep;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.enrich.CustomerDirectory;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportAssembler;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the core the way the shell does: records go to the shard whose hash-key range holds the MD5
 * of their partition key (as Kinesis routes them), each shard's records are cut into random batches,
 * shards interleave at random and exchange watermarks through a "head table", with Lambda-style
 * re-deliveries (a batch re-sent from an earlier point), sweeper ticks, and crashes (the shard
 * reloaded from its last snapshot plus the log entries after it, decoded from bytes, checked equal
 * to the live state, and its last entry's effects applied again). Ends with end of input (+∞) on
 * every shard.
 * <p>
 * The stream may be resharded while the input flows ({@link Reshard}): from a reshard on, records go
 * to the children, which are read only once their parents are read to their end (as Lambda's event
 * source mapping reads them). The first step of a child hands its parents over as the shell does:
 * each parent takes its last step ({@link ShardProcessor#end}), and every child of the reshard starts
 * from the parents' final states ({@link ShardState#handedOver}), as its snapshot of step 0.
 */
public final class ShardedSimulation {

    /**
     * @param seed        drives cuts, interleaving and failures
     * @param shards      number of shards at the start (equal hash-key ranges, as CreateStream makes them)
     * @param maxBatch    largest batch
     * @param redeliver   chance that a delivery starts before the shard's cursor (a retry)
     * @param tick        chance of a sweeper tick instead of a delivery
     * @param crash       chance of a crash and reload after a step
     * @param clockStep   processing time added per step, ms (small: no shard goes idle)
     * @param reshards    splits and merges while the input flows, by position in the input
     */
    public record Options(long seed, int shards, int maxBatch, double redeliver, double tick, double crash, long clockStep,
                          List<Reshard> reshards) {

        public Options {
            reshards = List.copyOf(reshards);
        }

        public Options(long seed, int shards, int maxBatch, double redeliver, double tick, double crash, long clockStep) {
            this(seed, shards, maxBatch, redeliver, tick, crash, clockStep, List.of());
        }

        public static Options of(long seed, int shards, int maxBatch) {
            return new Options(seed, shards, maxBatch, 0.1, 0.05, 0.05, 1);
        }

        public Options withReshards(List<Reshard> schedule) {
            return new Options(seed, shards, maxBatch, redeliver, tick, crash, clockStep, schedule);
        }
    }

    /**
     * A reshard before the input's record {@code beforeRecord}: the open shard whose range holds
     * {@code hashKey} splits there ({@code SplitShard}'s new starting hash key; the shard's first key
     * moves one up), or merges with the open shard right after it (before it, if it is the last).
     */
    public record Reshard(int beforeRecord, boolean split, BigInteger hashKey) {

        public static Reshard split(int beforeRecord, BigInteger at) {
            return new Reshard(beforeRecord, true, at);
        }

        public static Reshard merge(int beforeRecord, BigInteger within) {
            return new Reshard(beforeRecord, false, within);
        }
    }

    /** What came out: the report, every late and rejected record, and the final state of each shard (a handed-over parent's too). */
    public record Outcome(Report report, List<LateRecord> late, List<StreamRecord> rejected, Map<String, ShardState> states, int steps,
                          int reloads) {
    }

    private static final class Shard {
        final String id;
        final HashKeyRange range;
        final List<Shard> parents;
        final List<StreamRecord> records = new ArrayList<>();
        /** The reshard that created this shard's children, once there is one: then no record comes to it any more. */
        List<Shard> children;
        int cursor;
        boolean delivered;
        ShardState state;
        byte[] snapshot;
        final List<byte[]> logSinceSnapshot = new ArrayList<>();
        long logBytes;
        StepEffects lastEffects;

        Shard(String id, HashKeyRange range, List<Shard> parents) {
            this.id = id;
            this.range = range;
            this.parents = parents;
        }

        boolean hasRecordsLeft() {
            return cursor < records.size();
        }

        /** Read to its end: closed by a reshard, every record delivered, and so its parents too. */
        boolean finished() {
            return children != null && !hasRecordsLeft() && parents.stream().allMatch(Shard::finished);
        }

        boolean deliverable() {
            return hasRecordsLeft() && parents.stream().allMatch(Shard::finished);
        }
    }

    private final ShardProcessor processor;
    private final CustomerDirectory customers;
    private final Options o;
    private final Random rnd;
    private final InMemoryOrderArchive orderArchive = new InMemoryOrderArchive();
    private final ReportAssembler assembler = new ReportAssembler();
    private final List<Shard> shards = new ArrayList<>();
    private final Map<String, ShardProgress> heads = new HashMap<>();
    private final List<LateRecord> late = new ArrayList<>();
    private final List<StreamRecord> rejected = new ArrayList<>();
    private long now = 1_000_000;
    private int steps;
    private int reloads;

    private ShardedSimulation(CoreSettings settings, Options o, CustomerDirectory customers) {
        this.processor = new ShardProcessor(settings);
        this.customers = customers;
        this.o = o;
        this.rnd = new Random(o.seed());
    }

    /** The shard a partition key goes to among {@code shards} shards of equal ranges (before any reshard). */
    public static int shardOf(String partitionKey, int shards) {
        return HashKeyRange.evenIndexOf(partitionKey, shards);
    }

    public static Outcome run(List<StreamRecord> arrivalOrder, CoreSettings settings, Options o) {
        return run(arrivalOrder, settings, o, CustomerDirectory.NONE);
    }

    /** With a customers table to enrich purchases from (looked up per step, as the shell does). */
    public static Outcome run(List<StreamRecord> arrivalOrder, CoreSettings settings, Options o, CustomerDirectory customers) {
        return new ShardedSimulation(settings, o, customers).run(arrivalOrder);
    }

    private Outcome run(List<StreamRecord> arrivalOrder) {
        List<Shard> open = new ArrayList<>();
        for (HashKeyRange range : HashKeyRange.even(o.shards())) {
            Shard s = newShard(range, List.of());
            s.state = processor.newState(s.id);
            s.snapshot = ShardStateCodec.encode(s.state);
            open.add(s);
        }
        List<Reshard> schedule = new ArrayList<>(o.reshards());
        schedule.sort(Comparator.comparingInt(Reshard::beforeRecord));
        int next = 0;
        for (int i = 0; i < arrivalOrder.size(); i++) {
            while (next < schedule.size() && schedule.get(next).beforeRecord() <= i) {
                reshard(open, schedule.get(next++));
            }
            StreamRecord r = arrivalOrder.get(i);
            BigInteger key = HashKeyRange.hashKeyOf(r.partitionKey());
            open.stream().filter(s -> s.range.contains(key)).findFirst().orElseThrow().records.add(r);
        }
        while (true) {
            List<Shard> ready = shards.stream().filter(Shard::deliverable).toList();
            if (ready.isEmpty()) {
                break;
            }
            Shard shard = ready.get(rnd.nextInt(ready.size()));
            if (shard.state == null) {
                handOver(shard);
            }
            now += o.clockStep();
            if (rnd.nextDouble() < o.tick()) {
                tickSomeShard(shard);
            } else {
                deliver(shard);
            }
        }
        for (Shard shard : shards) {
            if (shard.state != null && !shard.state.ended()) {
                now += o.clockStep();
                record(shard, processor.tick(shard.state, inputs(shard).withEndOfInput()));
            }
        }
        Map<String, ShardState> states = new HashMap<>();
        for (Shard shard : shards) {
            if (shard.state != null) {
                reload(shard); // the final state must also survive a reload
                states.put(shard.id, shard.state);
            }
        }
        return new Outcome(assembler.report(), late, rejected, states, steps, reloads);
    }

    private Shard newShard(HashKeyRange range, List<Shard> parents) {
        Shard s = new Shard("shardId-" + String.format("%012d", shards.size()), range, parents);
        shards.add(s);
        return s;
    }

    private void reshard(List<Shard> open, Reshard reshard) {
        open.sort(Comparator.comparing(s -> s.range.start()));
        int at = 0;
        while (!open.get(at).range.contains(reshard.hashKey())) {
            at++;
        }
        Shard target = open.get(at);
        if (reshard.split()) {
            BigInteger cut = reshard.hashKey().max(target.range.start().add(BigInteger.ONE));
            if (cut.compareTo(target.range.end()) > 0) {
                return; // a one-key shard cannot split
            }
            List<Shard> children = new ArrayList<>();
            for (HashKeyRange half : target.range.splitAt(cut)) {
                children.add(newShard(half, List.of(target)));
            }
            target.children = children;
            open.remove(at);
            open.addAll(at, children);
        } else {
            if (open.size() < 2) {
                return;
            }
            int first = at == open.size() - 1 ? at - 1 : at;
            Shard left = open.get(first);
            Shard right = open.get(first + 1);
            Shard child = newShard(left.range.mergedWith(right.range), List.of(left, right));
            left.children = List.of(child);
            right.children = List.of(child);
            open.remove(first + 1);
            open.set(first, child);
        }
    }

    /**
     * The hand-over of the reshard that made {@code child}, as the shell does it at a child's first
     * step: each parent (handed over first itself, if it never took a step) ends, and every child of
     * the reshard starts from the parents' final states.
     */
    private void handOver(Shard child) {
        for (Shard parent : child.parents) {
            if (parent.state == null) {
                handOver(parent);
            }
            if (!parent.state.ended()) {
                now += o.clockStep();
                record(parent, processor.end(parent.state, inputs(parent)));
            }
        }
        List<ShardState> finalStates = child.parents.stream().map(p -> p.state).toList();
        for (Shard sibling : child.parents.get(0).children) {
            sibling.state = ShardState.handedOver(sibling.id, sibling.range, finalStates.stream().map(ShardStateCodec::copy).toList());
            sibling.snapshot = ShardStateCodec.encode(sibling.state);
            heads.put(sibling.id, sibling.state.progress());
        }
    }

    /** A sweeper tick, mostly of the chosen shard, sometimes of any shard still open to steps (a parent read to its end included). */
    private void tickSomeShard(Shard chosen) {
        Shard shard = chosen;
        if (rnd.nextBoolean()) {
            List<Shard> running = shards.stream().filter(s -> s.state != null && !s.state.ended() && s.delivered).toList();
            if (!running.isEmpty()) {
                shard = running.get(rnd.nextInt(running.size()));
            }
        }
        if (!shard.delivered) {
            deliver(chosen);
            return;
        }
        record(shard, processor.tick(shard.state, inputs(shard)));
        maybeCrash(shard);
    }

    private void deliver(Shard shard) {
        int from = shard.cursor;
        if (from > 0 && rnd.nextDouble() < o.redeliver()) {
            from = rnd.nextInt(from); // Lambda retries from an earlier checkpoint
        }
        int size = 1 + rnd.nextInt(o.maxBatch());
        int to = Math.min(shard.records.size(), Math.max(shard.cursor, from) + size);
        if (to <= shard.cursor) {
            to = Math.min(shard.records.size(), shard.cursor + 1);
        }
        List<StreamRecord> batch = shard.records.subList(from, to);
        WatermarkInputs inputs = inputs(shard);
        PreparedStep prepared = processor.prepare(shard.state, batch, inputs);
        if (rnd.nextInt(4) == 0) {
            prepared = processor.prepare(shard.state, batch, inputs); // a retried lookup phase: prepare is pure
        }
        OrderArchive.Answer archived = prepared.orderLookups().isEmpty() ? OrderArchive.Answer.NOTHING_ASKED
                : orderArchive.archived(prepared.orderLookups());
        StepResult result = processor.complete(shard.state, prepared, archived, customers.tiers(prepared.customerLookups()));
        if (result.effects().counts().skipped() != shard.cursor - Math.min(from, shard.cursor)) {
            throw new AssertionError("shard " + shard.id + ": re-delivered " + (shard.cursor - from) + " records but skipped "
                    + result.effects().counts().skipped());
        }
        shard.cursor = to;
        shard.delivered = true;
        record(shard, result);
        maybeCrash(shard);
    }

    private WatermarkInputs inputs(Shard shard) {
        List<ShardProgress> peers = new ArrayList<>();
        heads.forEach((id, progress) -> {
            if (!id.equals(shard.id)) {
                peers.add(progress);
            }
        });
        peers.sort(Comparator.comparing(ShardProgress::shardId));
        return WatermarkInputs.at(now).withPeers(peers);
    }

    private void maybeCrash(Shard shard) {
        if (rnd.nextDouble() < o.crash()) {
            reload(shard);
            reloads++;
        }
    }

    private void record(Shard shard, StepResult result) {
        steps++;
        StepEffects effects = result.effects();
        byte[] entry = StepLogCodec.encode(result.log());
        shard.logSinceSnapshot.add(entry);
        shard.logBytes += entry.length;
        heads.put(shard.id, effects.progress());
        // Orders leaving memory: the step's effect, written after its commit and before anything asks the archive again.
        orderArchive.keep(shard.id, effects.step(), effects.archivedOrders());
        assembler.add(shard.id, effects);
        late.addAll(effects.late());
        rejected.addAll(effects.rejected());
        shard.lastEffects = effects;
        // The architecture's snapshot rule: when the log since the snapshot outgrows the snapshot.
        if (shard.logBytes > shard.snapshot.length) {
            shard.snapshot = ShardStateCodec.encode(shard.state);
            shard.logSinceSnapshot.clear();
            shard.logBytes = 0;
        }
    }

    /** Crash and reload: snapshot + replay of the decoded log; must equal the live state exactly. */
    private void reload(Shard shard) {
        ShardState reloaded = ShardStateCodec.decode(shard.snapshot, processor.settings());
        StepEffects last = null;
        for (byte[] entry : shard.logSinceSnapshot) {
            StepLog log = StepLogCodec.decode(entry);
            last = processor.replay(reloaded, log).effects();
        }
        byte[] live = ShardStateCodec.encode(shard.state);
        byte[] replayed = ShardStateCodec.encode(reloaded);
        if (!Arrays.equals(live, replayed)) {
            throw new AssertionError("shard " + shard.id + ": state reloaded from snapshot + " + shard.logSinceSnapshot.size()
                    + " log entries differs from the live state\nlive:     " + shard.state + "\nreloaded: " + reloaded);
        }
        if (last != null) {
            if (!last.equals(shard.lastEffects)) {
                throw new AssertionError("shard " + shard.id + ": replaying the last entry gave other effects\nlive:   "
                        + shard.lastEffects + "\nreplay: " + last);
            }
            assembler.add(shard.id, last); // after a reload the last entry's effects are written again
        }
        shard.state = reloaded;
    }
}

package io.tidemark.testkit;

import io.tidemark.core.InMemoryOrderClaims;
import io.tidemark.core.PreparedStep;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.enrich.CustomerDirectory;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportAssembler;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.ShardStateCodec;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the core the way the shell will: records partitioned to shards by key, each shard's records
 * cut into random batches, shards interleaved at random and exchanging watermarks through a "head
 * table", with Lambda-style re-deliveries (a batch re-sent from an earlier point), sweeper ticks, and
 * crashes (the shard reloaded from its last snapshot plus the log entries after it, decoded from
 * bytes, checked equal to the live state, and its last entry's effects applied again). Ends with
 * end of input (+∞) on every shard.
 */
public final class ShardedSimulation {

    /**
     * @param seed        drives cuts, interleaving and failures
     * @param shards      number of shards (records go to {@code floorMod(hash(partition key), shards)})
     * @param maxBatch    largest batch
     * @param redeliver   chance that a delivery starts before the shard's cursor (a retry)
     * @param tick        chance of a sweeper tick instead of a delivery
     * @param crash       chance of a crash and reload after a step
     * @param clockStep   processing time added per step, ms (small: no shard goes idle)
     */
    public record Options(long seed, int shards, int maxBatch, double redeliver, double tick, double crash, long clockStep) {

        public static Options of(long seed, int shards, int maxBatch) {
            return new Options(seed, shards, maxBatch, 0.1, 0.05, 0.05, 1);
        }
    }

    /** What came out: the report, and every late and rejected record. */
    public record Outcome(Report report, List<LateRecord> late, List<StreamRecord> rejected, Map<String, ShardState> states, int steps,
                          int reloads) {
    }

    private static final class Shard {
        final String id;
        final List<StreamRecord> records = new ArrayList<>();
        int cursor;
        boolean delivered;
        ShardState state;
        byte[] snapshot;
        final List<byte[]> logSinceSnapshot = new ArrayList<>();
        long logBytes;
        StepEffects lastEffects;

        Shard(String id) {
            this.id = id;
        }
    }

    private ShardedSimulation() {
    }

    public static int shardOf(String partitionKey, int shards) {
        return Math.floorMod(partitionKey.hashCode() * 0x9E3779B9, shards);
    }

    public static Outcome run(List<StreamRecord> arrivalOrder, CoreSettings settings, Options o) {
        return run(arrivalOrder, settings, o, CustomerDirectory.NONE);
    }

    /** With a customers table to enrich purchases from (looked up per step, as the shell does). */
    public static Outcome run(List<StreamRecord> arrivalOrder, CoreSettings settings, Options o, CustomerDirectory customers) {
        Random rnd = new Random(o.seed());
        ShardProcessor processor = new ShardProcessor(settings);
        InMemoryOrderClaims claims = new InMemoryOrderClaims();
        ReportAssembler assembler = new ReportAssembler();
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < o.shards(); i++) {
            Shard s = new Shard("shardId-" + String.format("%012d", i));
            s.state = processor.newState(s.id);
            s.snapshot = ShardStateCodec.encode(s.state);
            shards.add(s);
        }
        for (StreamRecord r : arrivalOrder) {
            shards.get(shardOf(r.partitionKey(), o.shards())).records.add(r);
        }
        Map<String, ShardProgress> heads = new HashMap<>();
        List<LateRecord> late = new ArrayList<>();
        List<StreamRecord> rejected = new ArrayList<>();
        long now = 1_000_000;
        int steps = 0;
        int reloads = 0;
        while (true) {
            List<Shard> busy = shards.stream().filter(s -> s.cursor < s.records.size()).toList();
            if (busy.isEmpty()) {
                break;
            }
            Shard shard = busy.get(rnd.nextInt(busy.size()));
            now += o.clockStep();
            WatermarkInputs inputs = WatermarkInputs.at(now).withPeers(peersOf(shard, heads));
            StepResult result;
            if (shard.delivered && rnd.nextDouble() < o.tick()) {
                result = processor.tick(shard.state, inputs);
            } else {
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
                PreparedStep prepared = processor.prepare(shard.state, batch, inputs);
                if (rnd.nextInt(4) == 0) {
                    prepared = processor.prepare(shard.state, batch, inputs); // a retried claim phase: prepare is pure
                }
                Map<String, String> winners = prepared.claims().isEmpty() ? Map.of() : claims.claim(prepared.claims());
                result = processor.complete(shard.state, prepared, winners, customers.tiers(prepared.customerLookups()));
                if (result.effects().counts().skipped() != shard.cursor - Math.min(from, shard.cursor)) {
                    throw new AssertionError("shard " + shard.id + ": re-delivered " + (shard.cursor - from) + " records but skipped "
                            + result.effects().counts().skipped());
                }
                shard.cursor = to;
                shard.delivered = true;
            }
            steps++;
            record(shard, result, heads, assembler, late, rejected);
            if (rnd.nextDouble() < o.crash()) {
                reload(shard, processor, assembler);
                reloads++;
            }
        }
        for (Shard shard : shards) {
            now += o.clockStep();
            StepResult result = processor.tick(shard.state, WatermarkInputs.at(now).withPeers(peersOf(shard, heads)).withEndOfInput());
            record(shard, result, heads, assembler, late, rejected);
            steps++;
        }
        Map<String, ShardState> states = new HashMap<>();
        for (Shard shard : shards) {
            reload(shard, processor, assembler); // the final state must also survive a reload
            states.put(shard.id, shard.state);
        }
        return new Outcome(assembler.report(), late, rejected, states, steps, reloads);
    }

    private static List<ShardProgress> peersOf(Shard shard, Map<String, ShardProgress> heads) {
        List<ShardProgress> peers = new ArrayList<>();
        heads.forEach((id, progress) -> {
            if (!id.equals(shard.id)) {
                peers.add(progress);
            }
        });
        peers.sort((a, b) -> a.shardId().compareTo(b.shardId()));
        return peers;
    }

    private static void record(Shard shard, StepResult result, Map<String, ShardProgress> heads, ReportAssembler assembler,
                               List<LateRecord> late, List<StreamRecord> rejected) {
        StepEffects effects = result.effects();
        byte[] entry = StepLogCodec.encode(result.log());
        shard.logSinceSnapshot.add(entry);
        shard.logBytes += entry.length;
        heads.put(shard.id, effects.progress());
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
    private static void reload(Shard shard, ShardProcessor processor, ReportAssembler assembler) {
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

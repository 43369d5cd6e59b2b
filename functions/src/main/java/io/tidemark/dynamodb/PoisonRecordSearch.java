package io.tidemark.dynamodb;

import io.tidemark.core.OrderArchive;
import io.tidemark.core.PreparedStep;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the record that makes a batch fail after a step failed with an unexpected (non-DynamoDB)
 * error: bisection over prefixes of the batch, each tried by the pure step on a copy of the
 * shard's committed state. Nothing is written, and no table but the state's is read (customers
 * count as tier {@code unknown}: only whether the pure step throws matters).
 */
final class PoisonRecordSearch {

    private final ShardProcessor processor;
    private final ShardLoader loader;
    private final ShardHeads heads;

    PoisonRecordSearch(ShardProcessor processor, ShardLoader loader, ShardHeads heads) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.heads = Objects.requireNonNull(heads, "heads");
    }

    /** The index of the first record that makes the pure step fail, or −1 if the whole batch now steps fine. */
    int firstFailingRecord(String shardId, List<StreamRecord> records, long now) {
        ShardState state = loader.loadShard(shardId).shard().state;
        WatermarkInputs inputs = WatermarkInputs.at(now).withPeers(heads.peersOf(shardId));
        if (!fails(state, records, inputs)) {
            return -1;
        }
        int lo = 1;
        int hi = records.size(); // fails(prefix of hi) holds
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fails(state, records.subList(0, mid), inputs)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return hi - 1;
    }

    private boolean fails(ShardState state, List<StreamRecord> records, WatermarkInputs inputs) {
        try {
            ShardState copy = ShardStateCodec.copy(state);
            PreparedStep p = processor.prepare(copy, records, inputs);
            Map<String, String> tiers = new HashMap<>();
            p.customerLookups().forEach(user -> tiers.put(user, Customer.UNKNOWN_TIER)); // no I/O: only whether the pure step throws
            StepResult r = processor.complete(copy, p, OrderArchive.Answer.NOTHING_ASKED, tiers);
            StepLogCodec.decode(StepLogCodec.encode(r.log()));
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }
}

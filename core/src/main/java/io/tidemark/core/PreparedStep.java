package io.tidemark.core;

import io.tidemark.core.state.dedupe.AcceptedIds;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.Redrive;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;

import java.util.List;

/**
 * Phase one of a step: every record classified against the state (which is not changed), the
 * orders to ask the order archive about and the customers whose tier it needs. Complete it with
 * {@link ShardProcessor#complete} once the shell has asked the archive about {@link #orderLookups()} and
 * looked up {@link #customerLookups()}.
 *
 * @param step           the step number this will make
 * @param inputs         the watermark inputs of the step
 * @param records        records delivered
 * @param maxSequenceNumber highest sequence number of the records not skipped, or {@code null}
 * @param accepted       records accepted, in arrival order
 * @param late           records before the horizon
 * @param rejected       invalid records
 * @param duplicateKeys  partition key of each duplicate
 * @param skipped        records already applied
 * @param orderLookups   distinct orders of the step's accepted purchases that their user's state does not hold: only
 *                       the order archive can tell whether they counted before (empty for most steps)
 * @param customerLookups distinct user ids of the step's accepted purchases, in arrival order: the
 *                       customers to look up for the tier of each counted order
 * @param acceptedIds    the ids of {@code accepted} as classification parsed them (so that applying the step does not parse them again)
 * @param redrive        the failed batch the step takes in again, or {@code null} ({@link ShardProcessor#prepare(io.tidemark.core.state.ShardState, List, WatermarkInputs, String)})
 */
public record PreparedStep(long step, WatermarkInputs inputs, int records, String maxSequenceNumber, List<StreamRecord> accepted,
                           List<LateRecord> late, List<StreamRecord> rejected, List<String> duplicateKeys, long skipped,
                           List<OrderKey> orderLookups, List<String> customerLookups, AcceptedIds acceptedIds, Redrive redrive) {

    public PreparedStep {
        accepted = List.copyOf(accepted);
        late = List.copyOf(late);
        rejected = List.copyOf(rejected);
        duplicateKeys = List.copyOf(duplicateKeys);
        orderLookups = List.copyOf(orderLookups);
        customerLookups = List.copyOf(customerLookups);
        if (acceptedIds.size() != accepted.size()) {
            throw new IllegalArgumentException(acceptedIds.size() + " parsed ids for " + accepted.size() + " accepted records");
        }
    }
}

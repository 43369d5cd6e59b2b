package io.tidemark.core.state;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;

import java.util.List;
import java.util.Objects;

/**
 * The logged inputs of one step: applying it to the state after step {@code step − 1} gives the
 * state after step {@code step} and the step's effects, every time
 * ({@link ShardState#apply(StepLog)}). The shell commits it as log entry {@code (shard, step)}
 * with a conditional put; a reload is the latest snapshot plus the entries after it. It holds only
 * what the state and effects depend on: what the order archive answered is resolved (no lookup is
 * needed on replay).
 *
 * @param step              the step number this entry makes (1 for the first step of a shard)
 * @param watermarkInputs   processing time, peers' progress, end of input / shard end
 * @param records           records delivered to the step, skipped re-deliveries included
 * @param maxSequenceNumber the highest sequence number of the records not skipped, or {@code null}
 * @param accepted          accepted events in arrival order, with claim outcomes
 * @param late              late records with the horizon they were judged against
 * @param rejected          invalid records with their reasons (and bytes if given)
 * @param duplicateKeys     the partition key of each duplicate record
 * @param skipped           records skipped as already applied
 * @param usersWithoutArchive users the step asked the order archive about who had no order in it: their state
 *                          holds every order they ever counted, so their next orders need no lookup
 * @param redrive           the failed batch this step takes in again ({@link Redrive}), or {@code null}: its records were
 *                          not judged by sequence marks, and mark only what {@link Redrive#marks()} says
 */
public record StepLog(long step, WatermarkInputs watermarkInputs, int records, String maxSequenceNumber,
                      List<AcceptedEvent> accepted, List<LateRecord> late, List<StreamRecord> rejected,
                      List<String> duplicateKeys, long skipped, List<String> usersWithoutArchive, Redrive redrive) {

    public StepLog {
        Objects.requireNonNull(watermarkInputs, "watermarkInputs");
        usersWithoutArchive = List.copyOf(usersWithoutArchive);
        accepted = List.copyOf(accepted);
        late = List.copyOf(late);
        rejected = List.copyOf(rejected);
        duplicateKeys = List.copyOf(duplicateKeys);
        if (step < 1) {
            throw new IllegalArgumentException("step numbers start at 1, got " + step);
        }
        long applied = (long) accepted.size() + late.size() + rejected.size() + duplicateKeys.size();
        if (applied + skipped != records) {
            throw new IllegalArgumentException("a step of " + records + " records must account for each: " + accepted.size()
                    + " accepted, " + late.size() + " late, " + rejected.size() + " rejected, " + duplicateKeys.size()
                    + " duplicates, " + skipped + " skipped");
        }
        if ((applied > 0) != (maxSequenceNumber != null)) {
            throw new IllegalArgumentException("maxSequenceNumber is required exactly when records were applied");
        }
    }

    /** An ordinary step (not a redrive) that asked the order archive nothing. */
    public StepLog(long step, WatermarkInputs watermarkInputs, int records, String maxSequenceNumber, List<AcceptedEvent> accepted,
                   List<LateRecord> late, List<StreamRecord> rejected, List<String> duplicateKeys, long skipped) {
        this(step, watermarkInputs, records, maxSequenceNumber, accepted, late, rejected, duplicateKeys, skipped, List.of(), null);
    }

    /** A step with no records: the sweeper's tick. */
    public static StepLog tick(long step, WatermarkInputs watermarkInputs) {
        return new StepLog(step, watermarkInputs, 0, null, List.of(), List.of(), List.of(), List.of(), 0);
    }

    public StepCounts counts() {
        return new StepCounts(accepted.size(), duplicateKeys.size(), rejected.size(), late.size(), skipped);
    }
}

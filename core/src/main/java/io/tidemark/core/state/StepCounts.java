package io.tidemark.core.state;

/**
 * Record counts of a step or a shard. {@code accepted + duplicates + rejected + late} is every
 * record delivered once; {@code skipped} counts re-deliveries of records already applied (retries,
 * replays), which have no effect at all.
 */
public record StepCounts(long accepted, long duplicates, long rejected, long late, long skipped) {

    public static final StepCounts ZERO = new StepCounts(0, 0, 0, 0, 0);

    public StepCounts plus(StepCounts o) {
        return new StepCounts(accepted + o.accepted, duplicates + o.duplicates, rejected + o.rejected, late + o.late, skipped + o.skipped);
    }
}

package io.tidemark.bench.cost.model;

/** How the stream is bought (CDK context {@code streamMode}). */
public enum KinesisMode {
    /** Per stream-hour and per GB in and out; capacity of at least 4 shards. */
    ON_DEMAND("on-demand"),
    /** Per shard-hour and per 25 KB PUT payload unit. */
    PROVISIONED("provisioned");

    private final String label;

    KinesisMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

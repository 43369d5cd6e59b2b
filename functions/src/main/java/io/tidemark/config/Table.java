package io.tidemark.config;

/**
 * The DynamoDB tables of the pipeline. Every table has a string partition key {@code pk}, a string
 * sort key {@code sk} and a TTL attribute {@code expires_at}; item layouts are in
 * {@code docs/state.md}. The CDK stack and the local runner both create tables from this list.
 */
public enum Table {
    STATE("state", "shard logs, snapshots, shard heads (watermarks, counters) and order-id claims", false),
    VIEWS("views", "window pages per shard and hour, closed sessions", false),
    /** Streamed (new images): the alert publisher relays each new alert to SNS, a transactional outbox. */
    ALERTS("alerts", "abandonment alerts: the exactly-once record and the SNS outbox", true),
    QUARANTINE("quarantine", "rejected and late records with their reasons and original bytes", false),
    /** Reference data, not state: loaded by {@code tidemark customers load}, read (cached) to enrich purchases. */
    CUSTOMERS("customers", "customer profiles (user_id to tier and region) that enrich purchases", false);

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expires_at";

    private final String suffix;
    private final String purpose;
    private final boolean streamed;

    Table(String suffix, String purpose, boolean streamed) {
        this.suffix = suffix;
        this.purpose = purpose;
        this.streamed = streamed;
    }

    /** Whether the table has a DynamoDB stream of new images that a handler consumes. */
    public boolean streamed() {
        return streamed;
    }

    /** The table's name under a prefix, e.g. {@code tidemark-state}. */
    public String nameWith(String prefix) {
        return prefix + "-" + suffix;
    }

    public String suffix() {
        return suffix;
    }

    public String purpose() {
        return purpose;
    }
}

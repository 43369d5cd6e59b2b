package io.tidemark.cli.dashboard;

import java.util.List;

/**
 * What the dashboard shows at one moment, as {@code /api/snapshot} serves it (snake_case JSON). Money is exact
 * (a decimal string), instants are ISO-8601 UTC strings; {@code null} where a value is unknown. The time axis
 * follows the data: {@code as_of} is the latest watermark (or, once the input ended, just after the last event),
 * not the wall clock; {@code provisional} marks a window that is not final yet.
 *
 * @param generatedAt  wall clock of the read
 * @param asOf         the end (exclusive) of every time axis, on a minute boundary
 * @param asOfSource   {@code watermark}, {@code last_event} (every watermark at +∞: the input ended) or {@code none} (no data yet)
 * @param finalBefore  windows ending at or before this instant are final ({@code null}: none yet)
 * @param allFinal     every window is final (the input ended)
 */
public record DashboardSnapshot(String generatedAt, String asOf, String asOfSource, String finalBefore, boolean allFinal,
                                ActiveUsers activeUsers, List<RevenueHour> revenuePerHour, List<SessionHour> sessionsPerHour,
                                Carts carts, List<AdRow> adAttribution, List<TierRow> revenueByTier, Health health) {

    /** One active-users window (5 minutes): distinct users summed over shards. */
    public record UsersWindow(String windowStart, String windowEnd, long users, boolean provisional) {
    }

    /** The headline (the window ending at {@code as_of}) and the 60 windows of the last hour, one per minute. */
    public record ActiveUsers(UsersWindow headline, List<UsersWindow> minutes) {
    }

    /** One hour of revenue; {@code revenue} exact, at least two decimals. */
    public record RevenueHour(String windowStart, String windowEnd, String revenue, long orders, boolean provisional) {
    }

    /** Closed sessions that started in one hour, and their median length (the lower middle value; {@code null} without sessions). */
    public record SessionHour(String windowStart, String windowEnd, long sessions, Long medianLengthSeconds) {
    }

    /** One abandoned-cart alert. */
    public record Alert(String alertId, String userId, List<String> products, String cartOpened, String lastActivity) {
    }

    /**
     * Cart abandonment over the 24 hours shown: the newest alerts, how many carts opened in those hours were abandoned,
     * the orders of those hours, {@code abandoned / (abandoned + orders)} (4 decimals; {@code null} without either), and
     * the carts open now (summed over the shards' head rows).
     */
    public record Carts(List<Alert> latestAlerts, long abandoned, long orders, String abandonmentRate, long openCarts) {
    }

    /** One ad over the 24 hours shown; {@code ctr} = attributed clicks / impressions, 4 decimals, {@code null} without impressions. */
    public record AdRow(String adId, long impressions, long clicks, long attributedClicks, String ctr) {
    }

    /** Revenue of one customer tier over the 24 hours shown. */
    public record TierRow(String tier, String revenue, long orders) {
    }

    /**
     * One shard: its own watermark and how far it trails the wall clock, its last step (processing time) and whether
     * it is stale (no step for longer than the idle timeout) or ended (handed over to its children at a reshard).
     */
    public record ShardHealth(String shardId, long step, String watermark, Long lagSeconds, String lastStepAt, boolean ended,
                              boolean stale) {
    }

    /** Record counts over every shard (as {@code tidemark query all --json} counts them). */
    public record Counts(long accepted, long duplicates, long rejected, long late) {
    }

    /**
     * The pipeline's health: per shard, the counts, the records quarantined (rejected and late), the failure queue's
     * depth ({@code null} where none is configured) and whether the whole pipeline is stale.
     */
    public record Health(List<ShardHealth> shards, long idleTimeoutSeconds, Counts counts, long quarantined, Long failureQueueDepth,
                         boolean stale) {
    }
}

package io.tidemark.config;

import java.util.List;

/**
 * The business metrics the handlers emit as CloudWatch embedded metric format (EMF) log lines and
 * the operations dashboard plots. Every metric is in {@link #NAMESPACE} with the dimension
 * {@link #PIPELINE_DIMENSION}, whose value is the table prefix of the deployment (so that several
 * pipelines in one account stay apart); {@link #TIER_REVENUE} also has {@link #TIER_DIMENSION}.
 * {@code docs/deploy.md} lists when each one is emitted.
 */
public final class PipelineMetrics {

    public static final String NAMESPACE = "Tidemark";
    public static final String PIPELINE_DIMENSION = "Pipeline";

    /** Sum of accepted purchase amounts (unit None, currency units); plotted as Sum per hour. Display only: exact money lives in the views table. */
    public static final String REVENUE = "Revenue";
    /** Newly counted order ids (unit Count); plotted as Sum per hour. */
    public static final String ORDERS = "Orders";
    /** Distinct users of one shard in one final 5-minute sliding window, timestamped at the window end (unit Count); plotted as Sum per minute (users are disjoint across shards: user_id is the partition key). */
    public static final String ACTIVE_USERS = "ActiveUsers";
    /** Abandonment alerts recorded in the alerts table, exactly once each (unit Count). */
    public static final String CART_ABANDONMENTS = "CartAbandonments";
    /** SNS publishes by the alert publisher, at least once per alert (unit Count). */
    public static final String ALERTS_PUBLISHED = "AlertsPublished";
    /** Record outcomes per batch (unit Count): docs/spec.md §5 counts. */
    public static final String EVENTS_ACCEPTED = "EventsAccepted";
    public static final String EVENTS_DUPLICATE = "EventsDuplicate";
    public static final String EVENTS_REJECTED = "EventsRejected";
    public static final String EVENTS_LATE = "EventsLate";
    /** Accepted ad impressions and clicks (unit Count); plotted as Sum per hour. */
    public static final String AD_IMPRESSIONS = "AdImpressions";
    public static final String AD_CLICKS = "AdClicks";
    /** Clicks attributed to an impression of the same user and ad at most 10 min before (unit Count), when the horizon settles them. */
    public static final String ATTRIBUTED_CLICKS = "AttributedClicks";
    /** Sum of counted purchase amounts by customer tier (unit None; dimensions Pipeline and Tier). Display only, like Revenue. */
    public static final String TIER_REVENUE = "TierRevenue";
    public static final String TIER_DIMENSION = "Tier";
    /** Parent shards handed over to their children after a reshard (unit Count): a split or merge the pipeline followed. */
    public static final String SHARDS_HANDED_OVER = "ShardsHandedOver";
    /** Users whose state moved to a child shard at a hand-over (unit Count). */
    public static final String USERS_HANDED_OVER = "UsersHandedOver";

    public static final List<String> EVENT_OUTCOMES = List.of(EVENTS_ACCEPTED, EVENTS_DUPLICATE, EVENTS_REJECTED, EVENTS_LATE);

    private PipelineMetrics() {
    }
}

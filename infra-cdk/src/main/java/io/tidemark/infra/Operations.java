package io.tidemark.infra;

import io.tidemark.config.PipelineMetrics;
import io.tidemark.config.Table;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator watches: a CloudWatch dashboard (stream lag and throughput, function errors and
 * throttles, dead letters, DynamoDB write units, and the business metrics the handlers emit in the
 * {@value PipelineMetrics#NAMESPACE} namespace) and alarms that notify an operations topic.
 */
public final class Operations extends Construct {

    /** The Kinesis handler is behind when its oldest record waits this long, for three minutes running. */
    public static final Duration ITERATOR_AGE_THRESHOLD = Duration.minutes(5);
    /** The alert relay is behind: alerts would be lost after the 24 h stream retention, so warn early. */
    public static final Duration ALERT_RELAY_AGE_THRESHOLD = Duration.minutes(15);

    /** @param pipelineName  the value of the {@value PipelineMetrics#PIPELINE_DIMENSION} dimension: the table prefix
     *  @param dashboardName unique in the account and region */
    public record Props(String pipelineName, String dashboardName, PipelineFunctions functions, IStream stream, StateTables tables,
                        IQueue failedBatches, Optional<IQueue> alertQueueDeadLetters, IKey key,
                        Optional<String> email) {
        public Props {
            Objects.requireNonNull(pipelineName, "pipelineName");
            Objects.requireNonNull(dashboardName, "dashboardName");
            Objects.requireNonNull(functions, "functions");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(tables, "tables");
            Objects.requireNonNull(failedBatches, "failedBatches");
            Objects.requireNonNull(alertQueueDeadLetters, "alertQueueDeadLetters");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(email, "email");
        }
    }

    private final Topic topic;
    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();

    public Operations(Construct scope, String id, Props props) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "Topic")
                .displayName("Tidemark operations")
                .masterKey(props.key())
                .enforceSsl(true)
                .build();
        props.email().ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
        // CloudWatch alarms publish to the encrypted topic as the CloudWatch service.
        props.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToEncryptedTopics")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                .build());

        IFunction kinesisHandler = props.functions().kinesisHandler().function();
        IFunction sweeper = props.functions().sweeper().function();
        IFunction publisher = props.functions().alertPublisher().function();
        Map<String, IFunction> functions = new LinkedHashMap<>();
        functions.put("KinesisHandler", kinesisHandler);
        functions.put("Sweeper", sweeper);
        functions.put("AlertPublisher", publisher);

        Metric handlerIteratorAge = kinesisHandler.metric("IteratorAge", max(Duration.minutes(1)));
        Metric relayIteratorAge = publisher.metric("IteratorAge", max(Duration.minutes(1)));
        alarm("IteratorAgeAlarm", "Kinesis handler is more than " + ITERATOR_AGE_THRESHOLD.toMinutes()
                + " minutes behind the stream", handlerIteratorAge, ITERATOR_AGE_THRESHOLD.toMilliseconds().doubleValue(), 3);
        alarm("AlertRelayIteratorAgeAlarm", "Alert publisher is more than " + ALERT_RELAY_AGE_THRESHOLD.toMinutes()
                + " minutes behind the alerts table stream", relayIteratorAge, ALERT_RELAY_AGE_THRESHOLD.toMilliseconds().doubleValue(), 3);
        functions.forEach((name, function) -> alarm(name + "ErrorsAlarm", name + " invocations failed",
                function.metricErrors(sum(Duration.minutes(5))), 1, 1));
        alarm("FailedBatchesAlarm", "Batches reached the on-failure queue: replay them from the stream (docs/deploy.md)",
                props.failedBatches().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(5))), 1, 1);
        alarm("FailedInvocationsAlarm", "Asynchronous invocations (scheduled sweeps, an operator's Event invocations) failed or "
                        + "expired unrun (throttled) and reached the functions' dead-letter queue FailedInvocations",
                props.functions().failedInvocations().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(5))), 1, 1);
        props.alertQueueDeadLetters().ifPresent(dlq -> alarm("AlertQueueDeadLettersAlarm",
                "Messages of the alert queue were received 5 times without being deleted",
                dlq.metricApproximateNumberOfMessagesVisible(max(Duration.minutes(5))), 1, 1));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.dashboardName())
                .build();
        dashboard.addWidgets(
                graph("Iterator age (ms, max)", List.of(handlerIteratorAge,
                        props.stream().metricGetRecordsIteratorAgeMilliseconds(max(Duration.minutes(1))), relayIteratorAge)),
                graph("Incoming records (per minute)", List.of(props.stream().metricIncomingRecords(sum(Duration.minutes(1))))),
                graph("Function errors", functions.values().stream().map(f -> (IMetric) f.metricErrors(sum(Duration.minutes(1)))).toList()));
        List<IMetric> throttles = new ArrayList<>(functions.values().stream().map(f -> (IMetric) f.metricThrottles(sum(Duration.minutes(1)))).toList());
        throttles.add(props.stream().metricReadProvisionedThroughputExceeded(sum(Duration.minutes(1))));
        throttles.add(props.stream().metricWriteProvisionedThroughputExceeded(sum(Duration.minutes(1))));
        List<IMetric> deadLetters = new ArrayList<>();
        deadLetters.add(props.failedBatches().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))));
        deadLetters.add(props.functions().failedInvocations().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))));
        props.alertQueueDeadLetters().ifPresent(q -> deadLetters.add(q.metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1)))));
        List<IMetric> writeUnits = new ArrayList<>();
        for (Table table : Table.values()) {
            writeUnits.add(props.tables().table(table).metricConsumedWriteCapacityUnits(
                    MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).label(table.suffix()).build()));
        }
        dashboard.addWidgets(
                graph("Throttles", throttles),
                graph("Dead letters (messages visible)", deadLetters),
                graph("DynamoDB consumed write units (per minute)", writeUnits));
        dashboard.addWidgets(
                graph("Revenue per hour", List.of(business(props.pipelineName(), PipelineMetrics.REVENUE, Duration.hours(1)),
                        business(props.pipelineName(), PipelineMetrics.ORDERS, Duration.hours(1)))),
                graph("Active users (5-minute window)", List.of(business(props.pipelineName(), PipelineMetrics.ACTIVE_USERS, Duration.minutes(1)))),
                graph("Alerts", List.of(business(props.pipelineName(), PipelineMetrics.CART_ABANDONMENTS, Duration.minutes(5)),
                        business(props.pipelineName(), PipelineMetrics.ALERTS_PUBLISHED, Duration.minutes(5)))));
        dashboard.addWidgets(
                graph("Ad attribution (per hour)", List.of(business(props.pipelineName(), PipelineMetrics.AD_IMPRESSIONS, Duration.hours(1)),
                        business(props.pipelineName(), PipelineMetrics.AD_CLICKS, Duration.hours(1)),
                        business(props.pipelineName(), PipelineMetrics.ATTRIBUTED_CLICKS, Duration.hours(1)))),
                graph("Revenue per hour by customer tier", List.of(revenueByTier(props.pipelineName()))));
        dashboard.addWidgets(
                graph("Event outcomes (per minute)", PipelineMetrics.EVENT_OUTCOMES.stream()
                        .map(name -> (IMetric) business(props.pipelineName(), name, Duration.minutes(1))).toList()),
                graph("Function duration (ms, p99)", functions.values().stream()
                        .map(f -> (IMetric) f.metricDuration(MetricOptions.builder().statistic("p99").period(Duration.minutes(1)).build())).toList()));
    }

    /** Firehose is behind when the oldest record not yet in S3 is this old (the buffer interval is 5 minutes). */
    public static final Duration ARCHIVE_FRESHNESS_THRESHOLD = Duration.minutes(15);

    /** Alarms and a dashboard row for the event archive: its lag behind the stream and its transformation's errors. */
    public void watchArchive(EventArchive archive) {
        String stream = archive.deliveryStream().getRef();
        Metric freshness = firehose(stream, "DeliveryToS3.DataFreshness", "Maximum");
        Metric delivered = firehose(stream, "DeliveryToS3.Records", "Sum");
        Metric failedTransforms = firehose(stream, "ExecuteProcessing.Success", "Minimum");
        alarm("ArchiveFreshnessAlarm", "The event archive is more than " + ARCHIVE_FRESHNESS_THRESHOLD.toMinutes()
                + " minutes behind the stream (Firehose delivery to S3)", freshness, ARCHIVE_FRESHNESS_THRESHOLD.toSeconds().doubleValue(), 3);
        alarm("ArchiveTransformErrorsAlarm", "The archive's transformation Lambda failed",
                archive.transform().function().metricErrors(sum(Duration.minutes(5))), 1, 1);
        dashboard.addWidgets(
                graph("Event archive: age of the oldest record not in S3 (s, max)", List.of(freshness)),
                graph("Event archive: records delivered to S3 (per 5 minutes)", List.of(delivered)),
                graph("Event archive: transformation success (0..1, min)", List.of(failedTransforms)));
    }

    private static Metric firehose(String deliveryStream, String name, String statistic) {
        return Metric.Builder.create()
                .namespace("AWS/Firehose")
                .metricName(name)
                .dimensionsMap(Map.of("DeliveryStreamName", deliveryStream))
                .statistic(statistic)
                .period(Duration.minutes(5))
                .build();
    }

    /** A business metric as the handlers emit it: namespace Tidemark, one dimension Pipeline. */
    static Metric business(String pipelineName, String metricName, Duration period) {
        return Metric.Builder.create()
                .namespace(PipelineMetrics.NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(Map.of(PipelineMetrics.PIPELINE_DIMENSION, pipelineName))
                .statistic("Sum")
                .period(period)
                .build();
    }

    /** One line per tier: tiers are data (the customers table), so a SEARCH finds whichever the handlers emitted. */
    static MathExpression revenueByTier(String pipelineName) {
        String search = "SEARCH('{" + PipelineMetrics.NAMESPACE + "," + PipelineMetrics.PIPELINE_DIMENSION + "," + PipelineMetrics.TIER_DIMENSION
                + "} MetricName=\"" + PipelineMetrics.TIER_REVENUE + "\" " + PipelineMetrics.PIPELINE_DIMENSION + "=\"" + pipelineName
                + "\"', 'Sum', 3600)";
        return MathExpression.Builder.create().expression(search).label("").period(Duration.hours(1)).build();
    }

    private void alarm(String id, String description, Metric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(List.copyOf(metrics)).width(8).height(6).build();
    }

    private static MetricOptions max(Duration period) {
        return MetricOptions.builder().statistic("Maximum").period(period).build();
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    public ITopic topic() {
        return topic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}

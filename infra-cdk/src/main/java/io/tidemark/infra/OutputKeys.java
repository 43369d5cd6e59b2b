package io.tidemark.infra;

import io.tidemark.state.Table;

import java.util.List;

/**
 * The stack's output keys. They are a contract: the CLI reads them with DescribeStacks (docs/deploy.md
 * lists them), so they never change and they do not depend on construct paths.
 */
public final class OutputKeys {

    public static final String STREAM_NAME = "StreamName";
    public static final String STREAM_ARN = "StreamArn";
    public static final String ALERTS_TOPIC_ARN = "AlertsTopicArn";
    public static final String FAILED_BATCHES_QUEUE_URL = "DeadLetterQueueUrl";
    public static final String OPERATIONS_TOPIC_ARN = "OperationsTopicArn";
    public static final String DASHBOARD_NAME = "DashboardName";
    public static final String TABLE_PREFIX = "TablePrefix";
    /** Only when the deployment subscribes a queue to the alerts topic ({@code -c alertQueue=true}). */
    public static final String ALERT_QUEUE_URL = "AlertQueueUrl";

    private OutputKeys() {
    }

    /** e.g. {@code StateTableName}, {@code AlertsTableName}. */
    public static String tableName(Table table) {
        return StateTables.constructId(table) + "Name";
    }

    /** Every key that every deployment has. */
    public static List<String> always() {
        List<String> keys = new java.util.ArrayList<>(List.of(STREAM_NAME, STREAM_ARN, ALERTS_TOPIC_ARN,
                FAILED_BATCHES_QUEUE_URL, OPERATIONS_TOPIC_ARN, DASHBOARD_NAME, TABLE_PREFIX));
        for (Table table : Table.values()) {
            keys.add(tableName(table));
        }
        return List.copyOf(keys);
    }
}

package io.tidemark.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The CloudFormation outputs of a deployed Tidemark stack: a contract between the CDK stack, which
 * writes them, and the CLI, which reads them with DescribeStacks to find the stream, the topic and
 * the tables when no name is given. The keys never change.
 */
public final class StackOutputs {

    /** The stack name when none is given ({@code -c stackName=…} at deploy time, {@code --stack} in the CLI). */
    public static final String DEFAULT_STACK_NAME = "Tidemark";

    public static final String STREAM_NAME = "StreamName";
    public static final String STREAM_ARN = "StreamArn";
    public static final String ALERTS_TOPIC_ARN = "AlertsTopicArn";
    public static final String FAILED_BATCHES_QUEUE_URL = "DeadLetterQueueUrl";
    public static final String OPERATIONS_TOPIC_ARN = "OperationsTopicArn";
    public static final String DASHBOARD_NAME = "DashboardName";
    public static final String TABLE_PREFIX = "TablePrefix";
    /** The event archive's S3 bucket (the archiver writes {@code events/event_date=…/} into it). */
    public static final String ARCHIVE_BUCKET_NAME = "ArchiveBucketName";
    /** Only when the deployment subscribes a queue to the alerts topic ({@code -c alertQueue=true}). */
    public static final String ALERT_QUEUE_URL = "AlertQueueUrl";

    private StackOutputs() {
    }

    /** e.g. {@code StateTableName}, {@code AlertsTableName}. */
    public static String tableName(Table table) {
        String suffix = table.suffix();
        return Character.toUpperCase(suffix.charAt(0)) + suffix.substring(1) + "TableName";
    }

    /** Every key that every deployment has. */
    public static List<String> always() {
        List<String> keys = new ArrayList<>(List.of(STREAM_NAME, STREAM_ARN, ALERTS_TOPIC_ARN, FAILED_BATCHES_QUEUE_URL,
                OPERATIONS_TOPIC_ARN, DASHBOARD_NAME, TABLE_PREFIX, ARCHIVE_BUCKET_NAME));
        for (Table table : Table.values()) {
            keys.add(tableName(table));
        }
        return List.copyOf(keys);
    }
}

package io.tidemark.config;

/**
 * Names of the environment variables that the CDK stack sets on every function, beside those of
 * {@link PipelineConfig#toEnvironment()}. The stack writes them and the handlers read them, so both
 * sides use these constants.
 */
public final class FunctionEnvironment {

    /** Name of the Kinesis stream the pipeline reads (the sweeper lists its shards). */
    public static final String STREAM_NAME = "TIDEMARK_STREAM_NAME";
    /** ARN of the SNS topic that the alert publisher relays abandonment alerts to. */
    public static final String ALERTS_TOPIC_ARN = "TIDEMARK_ALERTS_TOPIC_ARN";
    /** The archiver's bucket (the stack output {@code ArchiveBucketName}). */
    public static final String ARCHIVE_BUCKET = "TIDEMARK_ARCHIVE_BUCKET";
    /** The archive's root in that bucket: empty (the default) or a folder ending with {@code /}. */
    public static final String ARCHIVE_PREFIX = "TIDEMARK_ARCHIVE_PREFIX";
    /** The log lines' {@code service} key, named as Powertools for AWS Lambda names it; the stack sets {@link #SERVICE}. */
    public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    public static final String SERVICE = "tidemark";
    /**
     * {@code true} (any case) turns the business metrics off: no EMF lines. Powertools for AWS Lambda's name for it, which
     * it kept when the handlers stopped using Powertools. The stack does not set it. (Their namespace is always
     * {@link PipelineMetrics#NAMESPACE}, which the dashboard queries.)
     */
    public static final String POWERTOOLS_METRICS_DISABLED = "POWERTOOLS_METRICS_DISABLED";
    /** The JVM reads its extra options from this variable; Lambda hands it to the function's JVM. */
    public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    /**
     * The functions' JVM options. {@code -XX:MetaspaceSize}: a Kinesis handler's first batch loads about 25 MB of class
     * metadata, past the JVM's default 21 MB threshold, which stops it for a full collection in the middle of the cold
     * start; 64 MB leaves room for more classes (the threshold only, nothing is reserved). Compilation is left as the
     * java21 runtime sets it (C1 only, {@code -XX:TieredStopAtLevel=1}, by default).
     */
    public static final String JVM_OPTIONS = "-XX:MetaspaceSize=64m";

    private FunctionEnvironment() {
    }

    /** The variable holding a table's deployed name, e.g. {@code TIDEMARK_TABLE_ALERTS}. */
    public static String tableName(Table table) {
        return "TIDEMARK_TABLE_" + table.name();
    }
}

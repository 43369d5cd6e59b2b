package io.tidemark.infra;

import io.tidemark.config.Table;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline's DynamoDB tables, one per {@link Table}: on-demand capacity (the write pattern is
 * bursty and follows the stream), point-in-time recovery, the pipeline's customer-managed key,
 * TTL on {@code expires_at}, and a NEW_IMAGE stream on tables that a handler consumes (the alerts
 * outbox). Names are {@code <prefix>-<suffix>} so that the CLI and the local runner find them from
 * the prefix alone. Retained on {@code cdk destroy} unless the deployment says otherwise.
 */
public final class StateTables extends Construct {

    public record Props(String tablePrefix, IKey key, RemovalPolicy removalPolicy) {
        public Props {
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
        }
    }

    private final Map<Table, software.amazon.awscdk.services.dynamodb.Table> tables = new EnumMap<>(Table.class);

    public StateTables(Construct scope, String id, Props props) {
        super(scope, id);
        for (Table table : Table.values()) {
            software.amazon.awscdk.services.dynamodb.Table.Builder builder = software.amazon.awscdk.services.dynamodb.Table.Builder
                    .create(this, constructId(table))
                    .tableName(table.nameWith(props.tablePrefix()))
                    .partitionKey(Attribute.builder().name(Table.PARTITION_KEY).type(AttributeType.STRING).build())
                    .sortKey(Attribute.builder().name(Table.SORT_KEY).type(AttributeType.STRING).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true).build())
                    .encryption(TableEncryption.CUSTOMER_MANAGED)
                    .encryptionKey(props.key())
                    .timeToLiveAttribute(Table.TTL_ATTRIBUTE)
                    .removalPolicy(props.removalPolicy())
                    // Retained tables are also protected from deletion outside CloudFormation.
                    .deletionProtection(props.removalPolicy() == RemovalPolicy.RETAIN);
            if (table.streamed()) {
                builder.stream(StreamViewType.NEW_IMAGE);
            }
            tables.put(table, builder.build());
        }
    }

    /** Construct ids are part of the tables' logical ids: changing one would replace a table. */
    static String constructId(Table table) {
        String suffix = table.suffix();
        return Character.toUpperCase(suffix.charAt(0)) + suffix.substring(1) + "Table";
    }

    public ITable table(Table table) {
        return tables.get(table);
    }
}

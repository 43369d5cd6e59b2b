package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.PipelineMetrics;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The default deployment (`cdk deploy` with no context), read back from the synthesized template. */
class StackTemplateTest {

    private final Synthesized synth = Synthesized.defaults();
    private final String keyId = synth.logicalId("AWS::KMS::Key", "DataKey");

    private JsonNode keyArn() {
        return json(Map.of("Fn::GetAtt", List.of(keyId, "Arn")));
    }

    private static JsonNode json(Object value) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(value);
    }

    @Test
    void dataKeyRotatesAndIsRetainedLikeTheTables() {
        synth.template.resourceCountIs("AWS::KMS::Key", 1);
        JsonNode key = synth.resource("AWS::KMS::Key", "DataKey");
        assertThat(key.at("/Properties/EnableKeyRotation").asBoolean()).isTrue();
        assertThat(key.at("/DeletionPolicy").asText()).isEqualTo("Retain");
        synth.template.hasResourceProperties("AWS::KMS::Alias", Map.of("AliasName", "alias/Tidemark-data"));
    }

    @Test
    void streamIsOnDemandEncryptedWithTheDataKeyAndKeeps24Hours() {
        synth.template.resourceCountIs("AWS::Kinesis::Stream", 1);
        JsonNode stream = synth.resource("AWS::Kinesis::Stream", "EventsStream");
        assertThat(stream.at("/Properties/StreamModeDetails/StreamMode").asText()).isEqualTo("ON_DEMAND");
        assertThat(stream.at("/Properties/ShardCount").isMissingNode()).isTrue();
        assertThat(stream.at("/Properties/RetentionPeriodHours").asInt()).isEqualTo(24);
        assertThat(stream.at("/Properties/StreamEncryption/EncryptionType").asText()).isEqualTo("KMS");
        assertThat(stream.at("/Properties/StreamEncryption/KeyId")).isEqualTo(keyArn());
        assertThat(stream.at("/DeletionPolicy").asText()).isEqualTo("Delete");
    }

    @Test
    void oneTablePerTableEnumWithSecureDefaults() {
        synth.template.resourceCountIs("AWS::DynamoDB::Table", Table.values().length);
        for (Table table : Table.values()) {
            JsonNode t = synth.resource("AWS::DynamoDB::Table", "State" + StateTables.constructId(table));
            JsonNode p = t.get("Properties");
            assertThat(p.get("TableName").asText()).isEqualTo("tidemark-" + table.suffix());
            assertThat(p.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(p.at("/KeySchema")).isEqualTo(json(List.of(
                    Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE"))));
            assertThat(p.at("/AttributeDefinitions")).isEqualTo(json(List.of(
                    Map.of("AttributeName", "pk", "AttributeType", "S"), Map.of("AttributeName", "sk", "AttributeType", "S"))));
            assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
            assertThat(p.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
            assertThat(p.at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
            assertThat(p.at("/SSESpecification/KMSMasterKeyId")).isEqualTo(keyArn());
            assertThat(p.at("/TimeToLiveSpecification")).isEqualTo(json(Map.of("AttributeName", "expires_at", "Enabled", true)));
            assertThat(p.at("/DeletionProtectionEnabled").asBoolean()).isTrue();
            assertThat(t.get("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(t.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
            if (table.streamed()) {
                assertThat(p.at("/StreamSpecification/StreamViewType").asText()).as(table + " stream").isEqualTo("NEW_IMAGE");
            } else {
                assertThat(p.has("StreamSpecification")).as(table + " has no stream").isFalse();
            }
        }
    }

    @Test
    void functionsAreJava21Arm64WithSnapStartBehindTheLiveAlias() {
        synth.template.resourceCountIs("AWS::Lambda::Function", 4);
        Map<String, List<Object>> expected = Map.of(
                "FunctionsKinesisHandlerFunction", List.of("io.tidemark.handlers.KinesisHandler::handleRequest", 1024, 60),
                "FunctionsSweeperFunction", List.of("io.tidemark.handlers.SweeperHandler::handleRequest", 1024, 60),
                "FunctionsAlertPublisherFunction", List.of("io.tidemark.handlers.AlertPublisherHandler::handleRequest", 512, 30),
                "ArchivingArchiverFunction", List.of("io.tidemark.handlers.ArchiveHandler::handleRequest", 512, 120));
        expected.forEach((prefix, values) -> {
            JsonNode p = synth.resource("AWS::Lambda::Function", prefix).get("Properties");
            assertThat(p.get("Handler").asText()).isEqualTo(values.get(0));
            assertThat(p.get("Runtime").asText()).isEqualTo("java21");
            assertThat(p.get("Architectures")).isEqualTo(json(List.of("arm64")));
            assertThat(p.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(p.get("MemorySize").asInt()).isEqualTo(values.get(1));
            assertThat(p.get("Timeout").asInt()).isEqualTo(values.get(2));
            assertThat(p.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
            // The cold start's first batch must not stop for a full collection on the JVM's default metaspace threshold.
            assertThat(p.at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText()).isEqualTo(FunctionEnvironment.JVM_OPTIONS)
                    .contains("-XX:MetaspaceSize=64m");

            String functionId = synth.logicalId("AWS::Lambda::Function", prefix);
            JsonNode alias = synth.resources("AWS::Lambda::Alias").values().stream()
                    .filter(a -> a.at("/Properties/FunctionName/Ref").asText().equals(functionId)).findFirst().orElseThrow();
            assertThat(alias.at("/Properties/Name").asText()).isEqualTo("live");
            String versionId = alias.at("/Properties/FunctionVersion/Fn::GetAtt/0").asText();
            assertThat(synth.templateJson.at("/Resources/" + versionId + "/Type").asText()).isEqualTo("AWS::Lambda::Version");
        });
    }

    @Test
    void functionsGetThePipelineConfigurationTableNamesAndTopic() {
        // The pipeline's three handlers; the archiver touches no table and needs only its bucket (EventArchiveTemplateTest).
        for (JsonNode function : synth.resources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith("Functions")).map(Map.Entry::getValue).toList()) {
            JsonNode env = function.at("/Properties/Environment/Variables");
            PipelineConfig.defaults().toEnvironment().forEach((name, value) ->
                    assertThat(env.get(name).asText()).as(name).isEqualTo(value));
            for (Table table : Table.values()) {
                assertThat(env.at("/" + FunctionEnvironment.tableName(table) + "/Ref").asText())
                        .isEqualTo(synth.logicalId("AWS::DynamoDB::Table", "State" + StateTables.constructId(table)));
            }
            assertThat(env.at("/" + FunctionEnvironment.ALERTS_TOPIC_ARN + "/Ref").asText())
                    .isEqualTo(synth.logicalId("AWS::SNS::Topic", "AlertsTopic"));
            assertThat(env.at("/" + FunctionEnvironment.STREAM_NAME + "/Ref").asText())
                    .isEqualTo(synth.logicalId("AWS::Kinesis::Stream", "EventsStream"));
            assertThat(env.get(FunctionEnvironment.POWERTOOLS_SERVICE_NAME).asText()).isEqualTo(FunctionEnvironment.SERVICE);
            // The handlers rebuild exactly the deployed configuration from the environment.
            Map<String, String> plain = new java.util.HashMap<>();
            env.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    plain.put(e.getKey(), e.getValue().asText());
                }
            });
            assertThat(PipelineConfig.fromEnvironment(plain)).isEqualTo(PipelineConfig.defaults());
        }
    }

    @Test
    void rolesHaveNoManagedPoliciesAndNoWildcardActionsOrResourcesBeyondListStreams() {
        synth.template.resourceCountIs("AWS::IAM::Role", 4); // 4 functions
        synth.template.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
        List<String> wildcardResources = new ArrayList<>();
        for (JsonNode policy : synth.resources("AWS::IAM::Policy").values()) {
            for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                for (JsonNode action : iterable(statement.get("Action"))) {
                    assertThat(action.asText()).as("action").isNotEqualTo("*").doesNotEndWith(":*");
                    if (action.asText().contains("*")) {
                        assertThat(action.asText()).as("only KMS grant variants carry a wildcard")
                                .isIn("kms:GenerateDataKey*", "kms:ReEncrypt*");
                    }
                }
                for (JsonNode resource : iterable(statement.get("Resource"))) {
                    if (resource.isTextual() && resource.asText().contains("*")) {
                        wildcardResources.add(statement.get("Action").toString() + " on " + resource.asText());
                    }
                }
            }
        }
        // dynamodb:ListStreams has no resource-level permission (the alert relay's mapping needs it).
        assertThat(wildcardResources).containsExactly("\"dynamodb:ListStreams\" on *");
    }

    @Test
    void kinesisHandlerMayNotPublishAndPublisherMayNotTouchTables() {
        String kinesisPolicy = policyOf("FunctionsKinesisHandlerRole").toString();
        String publisherPolicy = policyOf("FunctionsAlertPublisherRole").toString();
        assertThat(kinesisPolicy).doesNotContain("sns:Publish");
        assertThat(kinesisPolicy).contains("kinesis:GetRecords", "kinesis:ListShards");
        assertThat(publisherPolicy).contains("sns:Publish").doesNotContain("dynamodb:PutItem").doesNotContain("dynamodb:GetItem");
        assertThat(publisherPolicy).contains("dynamodb:GetRecords");
        String sweeperPolicy = policyOf("FunctionsSweeperRole").toString();
        assertThat(sweeperPolicy).doesNotContain("kinesis:").doesNotContain("sns:Publish");
    }

    @Test
    void onlyTheKinesisHandlerReadsTheCustomersTableAndNobodyWritesIt() {
        String customers = synth.logicalId("AWS::DynamoDB::Table", "State" + StateTables.constructId(Table.CUSTOMERS));
        List<String> kinesisActions = actionsOn(policyOf("FunctionsKinesisHandlerRole"), customers);
        assertThat(kinesisActions).contains("dynamodb:BatchGetItem", "dynamodb:GetItem")
                .doesNotContain("dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem");
        assertThat(actionsOn(policyOf("FunctionsSweeperRole"), customers)).isEmpty();
        assertThat(actionsOn(policyOf("FunctionsAlertPublisherRole"), customers)).isEmpty();
        JsonNode table = synth.resource("AWS::DynamoDB::Table", "State" + StateTables.constructId(Table.CUSTOMERS)).get("Properties");
        assertThat(table.get("TableName").asText()).isEqualTo("tidemark-customers");
        assertThat(table.has("StreamSpecification")).as("the customers table is not streamed").isFalse();
    }

    @Test
    void everyFunctionSendsItsFailedAsynchronousInvocationsToTheOneEncryptedQueueAndMayOnlySendToIt() {
        String queue = synth.logicalId("AWS::SQS::Queue", FailedInvocations.ID);
        assertThat(synth.resource("AWS::SQS::Queue", FailedInvocations.ID).at("/Properties/KmsMasterKeyId")).isEqualTo(keyArn());
        Map<String, JsonNode> functions = synth.resources("AWS::Lambda::Function");
        assertThat(functions).hasSize(4);
        Set<String> functionRoles = new HashSet<>();
        functions.forEach((id, function) -> {
            assertThat(function.at("/Properties/DeadLetterConfig/TargetArn/Fn::GetAtt/0").asText()).as("dead-letter queue of " + id)
                    .isEqualTo(queue);
            functionRoles.add(function.at("/Properties/Role/Fn::GetAtt/0").asText());
        });
        Set<String> senders = new HashSet<>();
        synth.resources("AWS::IAM::Policy").forEach((id, policy) -> {
            List<String> actions = actionsOn(policy, queue);
            String role = policy.at("/Properties/Roles/0/Ref").asText();
            if (functionRoles.contains(role)) {
                assertThat(actions).as("actions of " + role + " on " + queue).containsExactly("sqs:SendMessage");
                // Lambda sends with the function's role: a queue on the data key needs a data key for every message.
                assertThat(actionsOn(policy, keyId)).as("actions of " + role + " on the data key")
                        .contains("kms:GenerateDataKey", "kms:Decrypt");
                senders.add(role);
            } else {
                assertThat(actions).as("actions of " + role + " on " + queue).isEmpty();
            }
        });
        assertThat(senders).isEqualTo(functionRoles);
    }

    /** The actions of a policy's statements whose resources name the resource (a table: its ARN or index ARNs). */
    private static List<String> actionsOn(JsonNode policy, String tableLogicalId) {
        List<String> actions = new java.util.ArrayList<>();
        for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
            if (statement.get("Resource").toString().contains("\"" + tableLogicalId + "\"")) {
                iterable(statement.get("Action")).forEach(a -> actions.add(a.asText()));
            }
        }
        return actions;
    }

    private JsonNode policyOf(String rolePrefix) {
        String roleId = synth.logicalId("AWS::IAM::Role", rolePrefix);
        return synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> p.at("/Properties/Roles/0/Ref").asText().equals(roleId)).findFirst().orElseThrow();
    }

    @Test
    void alertRelayReadsOnlyInsertsOfTheAlertsTableStream() {
        JsonNode esm = synth.resources("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> m.at("/Properties/EventSourceArn/Fn::GetAtt/1").asText().equals("StreamArn")).findFirst().orElseThrow();
        JsonNode p = esm.get("Properties");
        assertThat(p.at("/EventSourceArn/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::DynamoDB::Table", "StateAlertsTable"));
        assertThat(p.at("/FilterCriteria/Filters/0/Pattern").asText()).isEqualTo("{\"eventName\":[\"INSERT\"]}");
        assertThat(p.at("/FilterCriteria/Filters").size()).isEqualTo(1);
        assertThat(p.get("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(p.get("FunctionResponseTypes")).isEqualTo(json(List.of("ReportBatchItemFailures")));
        assertThat(p.get("BisectBatchOnFunctionError").asBoolean()).isTrue();
        assertThat(p.get("MaximumRetryAttempts").asInt()).isEqualTo(AlertRelay.RETRY_ATTEMPTS);
        assertThat(p.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::SQS::Queue", "FailedBatches"));
        assertThat(p.at("/FunctionName").toString()).contains(synth.logicalId("AWS::Lambda::Alias", "FunctionsAlertPublisherAlias")).contains(":live");
    }

    @Test
    void onFailureQueueIsEncryptedTlsOnlyAndRetained() {
        JsonNode queue = synth.resource("AWS::SQS::Queue", "FailedBatches");
        assertThat(queue.at("/Properties/KmsMasterKeyId")).isEqualTo(keyArn());
        assertThat(queue.at("/Properties/MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
        assertThat(queue.get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertTlsOnly(synth.resource("AWS::SQS::QueuePolicy", "FailedBatches").at("/Properties/PolicyDocument/Statement"), "sqs:*");
    }

    @Test
    void topicsAreEncryptedAndTlsOnly() {
        synth.template.resourceCountIs("AWS::SNS::Topic", 2);
        for (JsonNode topic : synth.resources("AWS::SNS::Topic").values()) {
            assertThat(topic.at("/Properties/KmsMasterKeyId")).isEqualTo(keyArn());
        }
        synth.template.resourceCountIs("AWS::SNS::TopicPolicy", 2);
        for (JsonNode policy : synth.resources("AWS::SNS::TopicPolicy").values()) {
            assertTlsOnly(policy.at("/Properties/PolicyDocument/Statement"), "sns:Publish");
        }
        synth.template.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    /** A Deny of the action to everyone when aws:SecureTransport is false. */
    private static void assertTlsOnly(JsonNode statements, String action) {
        boolean found = false;
        for (JsonNode s : statements) {
            if (s.get("Effect").asText().equals("Deny")
                    && s.at("/Condition/Bool/aws:SecureTransport").asText().equals("false")
                    && s.get("Action").toString().contains(action)
                    && (s.get("Principal").asText().equals("*") || s.at("/Principal/AWS").asText().equals("*"))) {
                found = true;
            }
        }
        assertThat(found).as("TLS-only deny statement in " + statements).isTrue();
    }

    @Test
    void cloudWatchMayUseTheKeyToPublishAlarmsToTheEncryptedOperationsTopic() {
        JsonNode statements = synth.resource("AWS::KMS::Key", "DataKey").at("/Properties/KeyPolicy/Statement");
        boolean found = false;
        for (JsonNode s : statements) {
            if (s.at("/Principal/Service").asText().equals("cloudwatch.amazonaws.com")) {
                assertThat(s.get("Action")).isEqualTo(json(List.of("kms:Decrypt", "kms:GenerateDataKey")));
                assertThat(s.at("/Condition/StringEquals/aws:SourceAccount").toString()).contains("AWS::AccountId");
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void sweeperRunsEveryMinuteThroughItsAliasWithoutAsyncRetries() {
        JsonNode rule = synth.resource("AWS::Events::Rule", "SweepRule");
        assertThat(rule.at("/Properties/ScheduleExpression").asText()).isEqualTo("rate(1 minute)");
        assertThat(rule.at("/Properties/State").asText()).isEqualTo("ENABLED");
        assertThat(rule.at("/Properties/Targets").size()).isEqualTo(1);
        assertThat(rule.at("/Properties/Targets/0/Arn/Ref").asText()).isEqualTo(synth.logicalId("AWS::Lambda::Alias", "FunctionsSweeperAlias"));
        assertThat(rule.at("/Properties/Targets/0/RetryPolicy/MaximumEventAgeInSeconds").asInt()).isEqualTo(60);
        JsonNode invokeConfig = synth.resource("AWS::Lambda::EventInvokeConfig", "FunctionsSweeperAlias");
        assertThat(invokeConfig.at("/Properties/MaximumRetryAttempts").asInt()).isZero();
        synth.template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", synth.logicalId("AWS::Lambda::Alias", "FunctionsSweeperAlias"))));
    }

    @Test
    void alarmsWatchIteratorAgeErrorsAndDeadLettersAndNotifyTheOperationsTopic() {
        String opsTopic = synth.logicalId("AWS::SNS::Topic", "OperationsTopic");
        Map<String, JsonNode> alarms = synth.resources("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(10);
        Set<String> watched = new HashSet<>();
        for (JsonNode alarm : alarms.values()) {
            JsonNode p = alarm.get("Properties");
            assertThat(p.get("AlarmActions")).isEqualTo(json(List.of(Map.of("Ref", opsTopic))));
            assertThat(p.get("OKActions")).isEqualTo(json(List.of(Map.of("Ref", opsTopic))));
            assertThat(p.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            watched.add(p.get("Namespace").asText() + "/" + p.get("MetricName").asText());
        }
        assertThat(watched).containsExactlyInAnyOrder("AWS/Lambda/IteratorAge", "AWS/Lambda/Errors", "AWS/SQS/ApproximateNumberOfMessagesVisible");
        JsonNode iteratorAge = synth.resource("AWS::CloudWatch::Alarm", "OperationsIteratorAgeAlarm").get("Properties");
        assertThat(iteratorAge.get("Threshold").asDouble()).isEqualTo(300_000);
        assertThat(iteratorAge.get("Statistic").asText()).isEqualTo("Maximum");
        assertThat(iteratorAge.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(synth.logicalId("AWS::Lambda::Function", "FunctionsKinesisHandlerFunction"));
        JsonNode deadLetters = synth.resource("AWS::CloudWatch::Alarm", "OperationsFailedBatchesAlarm").get("Properties");
        assertThat(deadLetters.get("Threshold").asDouble()).isEqualTo(1);
        assertThat(deadLetters.at("/Dimensions/0/Value/Fn::GetAtt/0").asText()).isEqualTo(synth.logicalId("AWS::SQS::Queue", "FailedBatches"));
        JsonNode failedInvocations = synth.resource("AWS::CloudWatch::Alarm", "OperationsFailedInvocationsAlarm").get("Properties");
        assertThat(failedInvocations.at("/Dimensions/0/Value/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::SQS::Queue", FailedInvocations.ID));
        for (String function : List.of("KinesisHandler", "Sweeper", "AlertPublisher")) {
            JsonNode errors = synth.resource("AWS::CloudWatch::Alarm", "Operations" + function + "ErrorsAlarm").get("Properties");
            assertThat(errors.get("MetricName").asText()).isEqualTo("Errors");
            assertThat(errors.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(synth.logicalId("AWS::Lambda::Function", "Functions" + function + "Function"));
        }
    }

    @Test
    void dashboardShowsOperationalAndBusinessMetrics() {
        JsonNode dashboard = synth.resource("AWS::CloudWatch::Dashboard", "OperationsDashboard");
        assertThat(dashboard.at("/Properties/DashboardName").asText()).isEqualTo("Tidemark-pipeline");
        String body = dashboard.at("/Properties/DashboardBody").toString();
        for (String metric : List.of("IteratorAge", "GetRecords.IteratorAgeMilliseconds", "IncomingRecords", "Errors", "Throttles",
                "ReadProvisionedThroughputExceeded", "ApproximateNumberOfMessagesVisible", "ConsumedWriteCapacityUnits")) {
            assertThat(body).as(metric).contains("\\\"" + metric + "\\\"");
        }
        // Business metrics: namespace Tidemark, one dimension Pipeline = the table prefix.
        for (String metric : List.of(PipelineMetrics.REVENUE, PipelineMetrics.ORDERS, PipelineMetrics.ACTIVE_USERS,
                PipelineMetrics.CART_ABANDONMENTS, PipelineMetrics.ALERTS_PUBLISHED, PipelineMetrics.EVENTS_ACCEPTED,
                PipelineMetrics.EVENTS_DUPLICATE, PipelineMetrics.EVENTS_REJECTED, PipelineMetrics.EVENTS_LATE)) {
            assertThat(body).as(metric).contains("[\\\"Tidemark\\\",\\\"" + metric + "\\\",\\\"Pipeline\\\",\\\"tidemark\\\"");
        }
        assertThat(body).contains("Revenue per hour").contains("\\\"period\\\":3600");
        // The join views: ad attribution per hour, and revenue by tier as one line per tier the handlers emitted.
        for (String metric : List.of(PipelineMetrics.AD_IMPRESSIONS, PipelineMetrics.AD_CLICKS, PipelineMetrics.ATTRIBUTED_CLICKS)) {
            assertThat(body).as(metric).contains("[\\\"Tidemark\\\",\\\"" + metric + "\\\",\\\"Pipeline\\\",\\\"tidemark\\\"");
        }
        assertThat(body).contains("Ad attribution (per hour)").contains("Revenue per hour by customer tier")
                .contains("SEARCH('{Tidemark,Pipeline,Tier} MetricName=\\\\\\\"TierRevenue\\\\\\\" Pipeline=\\\\\\\"tidemark\\\\\\\"', 'Sum', 3600)");
    }

    @Test
    void outputsHaveTheStableKeysTheCliReads() {
        Set<String> keys = new HashSet<>();
        synth.templateJson.get("Outputs").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(StackOutputs.always());
        JsonNode outputs = synth.templateJson.get("Outputs");
        assertThat(outputs.at("/StreamName/Value/Ref").asText()).isEqualTo(synth.logicalId("AWS::Kinesis::Stream", "EventsStream"));
        assertThat(outputs.at("/StreamArn/Value/Fn::GetAtt/1").asText()).isEqualTo("Arn");
        assertThat(outputs.at("/AlertsTopicArn/Value/Ref").asText()).isEqualTo(synth.logicalId("AWS::SNS::Topic", "AlertsTopic"));
        assertThat(outputs.at("/DeadLetterQueueUrl/Value/Ref").asText()).isEqualTo(synth.logicalId("AWS::SQS::Queue", "FailedBatches"));
        assertThat(outputs.at("/TablePrefix/Value").asText()).isEqualTo("tidemark");
        for (Table table : Table.values()) {
            assertThat(outputs.at("/" + StackOutputs.tableName(table) + "/Value/Ref").asText())
                    .isEqualTo(synth.logicalId("AWS::DynamoDB::Table", "State" + StateTables.constructId(table)));
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node.isArray() ? node : List.of(node);
    }
}

package io.tidemark.infra;

import io.tidemark.config.StackOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.config.PipelineMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every context key changed at once ({@link Synthesized#VARIANT}): each one reaches the template. */
class VariantStackTest {

    private final Synthesized synth = Synthesized.variant();

    @Test
    void stackAndTablesAreNamedFromContext() {
        assertThat(synth.stack.getStackName()).isEqualTo("TidemarkDev");
        List<String> names = new ArrayList<>();
        synth.resources("AWS::DynamoDB::Table").values().forEach(t -> names.add(t.at("/Properties/TableName").asText()));
        assertThat(names).containsExactlyInAnyOrder("dev-state", "dev-views", "dev-alerts", "dev-quarantine", "dev-customers");
        synth.template.hasResourceProperties("AWS::KMS::Alias", java.util.Map.of("AliasName", "alias/TidemarkDev-data"));
    }

    @Test
    void provisionedStreamWithShardCountAndLongerRetention() {
        JsonNode stream = synth.resource("AWS::Kinesis::Stream", "EventsStream").get("Properties");
        assertThat(stream.at("/StreamModeDetails/StreamMode").asText()).isEqualTo("PROVISIONED");
        assertThat(stream.get("ShardCount").asInt()).isEqualTo(3);
        assertThat(stream.get("RetentionPeriodHours").asInt()).isEqualTo(48);
    }

    @Test
    void destroyRemovesDataAndDropsDeletionProtection() {
        for (JsonNode table : synth.resources("AWS::DynamoDB::Table").values()) {
            assertThat(table.get("DeletionPolicy").asText()).isEqualTo("Delete");
            assertThat(table.at("/Properties/DeletionProtectionEnabled").asBoolean()).isFalse();
        }
        assertThat(synth.resource("AWS::KMS::Key", "DataKey").get("DeletionPolicy").asText()).isEqualTo("Delete");
        for (JsonNode queue : synth.resources("AWS::SQS::Queue").values()) {
            assertThat(queue.get("DeletionPolicy").asText()).isEqualTo("Delete");
        }
        for (JsonNode logs : synth.resources("AWS::Logs::LogGroup").values()) {
            assertThat(logs.get("DeletionPolicy").asText()).isEqualTo("Delete");
            assertThat(logs.at("/Properties/RetentionInDays").asInt()).isEqualTo(90);
        }
    }

    @Test
    void alertTopicHasEmailAndRawSqsSubscriptionsAndOpsTopicEmail() {
        String alertsTopic = synth.logicalId("AWS::SNS::Topic", "AlertsTopic");
        String opsTopic = synth.logicalId("AWS::SNS::Topic", "OperationsTopic");
        Set<String> subscriptions = new HashSet<>();
        for (JsonNode s : synth.resources("AWS::SNS::Subscription").values()) {
            JsonNode p = s.get("Properties");
            String topic = p.at("/TopicArn/Ref").asText().equals(alertsTopic) ? "alerts" : p.at("/TopicArn/Ref").asText().equals(opsTopic) ? "ops" : "?";
            subscriptions.add(topic + ":" + p.get("Protocol").asText() + ":" + (p.get("Endpoint").isTextual() ? p.get("Endpoint").asText() : "queue")
                    + (p.path("RawMessageDelivery").asBoolean(false) ? ":raw" : ""));
        }
        assertThat(subscriptions).containsExactlyInAnyOrder("alerts:email:alerts@example.com", "alerts:sqs:queue:raw", "ops:email:ops@example.com");
    }

    @Test
    void alertQueueIsEncryptedHasADeadLetterQueueAnAlarmAndAnOutput() {
        JsonNode queue = synth.resource("AWS::SQS::Queue", "AlertsSubscriberQueue");
        JsonNode deadLetters = synth.resource("AWS::SQS::Queue", "AlertsSubscriberDeadLetters");
        assertThat(queue.at("/Properties/KmsMasterKeyId").isMissingNode()).isFalse();
        assertThat(deadLetters.at("/Properties/KmsMasterKeyId").isMissingNode()).isFalse();
        assertThat(queue.at("/Properties/RedrivePolicy/maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(queue.at("/Properties/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::SQS::Queue", "AlertsSubscriberDeadLetters"));
        assertThat(synth.resources("AWS::CloudWatch::Alarm")).containsKey(synth.logicalId("AWS::CloudWatch::Alarm", "OperationsAlertQueueDeadLettersAlarm"));
        assertThat(synth.templateJson.at("/Outputs/" + StackOutputs.ALERT_QUEUE_URL + "/Value/Ref").asText())
                .isEqualTo(synth.logicalId("AWS::SQS::Queue", "AlertsSubscriberQueue"));
        // The SNS service may encrypt with the data key when it delivers to the queue.
        assertThat(synth.resource("AWS::KMS::Key", "DataKey").at("/Properties/KeyPolicy").toString()).contains("sns.amazonaws.com");
    }

    @Test
    void memoryTimeoutAndEventTimeSettingsReachTheFunctions() {
        for (String prefix : List.of("FunctionsKinesisHandlerFunction", "FunctionsSweeperFunction")) {
            JsonNode p = synth.resource("AWS::Lambda::Function", prefix).get("Properties");
            assertThat(p.get("MemorySize").asInt()).isEqualTo(1536);
            assertThat(p.get("Timeout").asInt()).isEqualTo(90);
            assertThat(p.at("/Environment/Variables/TIDEMARK_WATERMARK_DELAY").asText()).isEqualTo("PT30S");
            assertThat(p.at("/Environment/Variables/TIDEMARK_IDLE_TIMEOUT").asText()).isEqualTo("PT2M");
            assertThat(p.at("/Environment/Variables/TIDEMARK_ALLOWED_LATENESS").asText()).isEqualTo("PT1H");
            assertThat(p.at("/Environment/Variables/TIDEMARK_TABLE_PREFIX").asText()).isEqualTo("dev");
        }
        JsonNode publisher = synth.resource("AWS::Lambda::Function", "FunctionsAlertPublisherFunction").get("Properties");
        assertThat(publisher.get("MemorySize").asInt()).isEqualTo(512);
    }

    @Test
    void dashboardAndBusinessMetricsUseThisPipelinesName() {
        JsonNode dashboard = synth.resource("AWS::CloudWatch::Dashboard", "OperationsDashboard");
        assertThat(dashboard.at("/Properties/DashboardName").asText()).isEqualTo("TidemarkDev-pipeline");
        assertThat(dashboard.at("/Properties/DashboardBody").toString())
                .contains("[\\\"Tidemark\\\",\\\"" + PipelineMetrics.REVENUE + "\\\",\\\"Pipeline\\\",\\\"dev\\\"");
    }
}

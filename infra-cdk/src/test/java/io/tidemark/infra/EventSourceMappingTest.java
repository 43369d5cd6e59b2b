package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.PipelineConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kinesis event source mapping in the template carries every setting of
 * {@link PipelineConfig#defaults()}{@code .eventSource()}, the one source the local runner obeys too.
 */
class EventSourceMappingTest {

    private final Synthesized synth = Synthesized.defaults();

    private JsonNode kinesisMapping() {
        return synth.resources("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> m.at("/Properties/EventSourceArn/Fn::GetAtt/0").asText()
                        .equals(synth.logicalId("AWS::Kinesis::Stream", "EventsStream")))
                .findFirst().orElseThrow().get("Properties");
    }

    /** The settings as the template states them, in the terms of {@link EventSourceSettings}. */
    static Map<String, Object> fromTemplate(JsonNode p) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", p.get("BatchSize").asInt());
        settings.put("maximumBatchingWindowSeconds", p.path("MaximumBatchingWindowInSeconds").asLong(0));
        settings.put("startingPosition", p.get("StartingPosition").asText());
        settings.put("reportBatchItemFailures", p.path("FunctionResponseTypes").toString().contains("ReportBatchItemFailures"));
        settings.put("bisectBatchOnFunctionError", p.path("BisectBatchOnFunctionError").asBoolean(false));
        settings.put("maximumRetryAttempts", p.get("MaximumRetryAttempts").asInt());
        settings.put("maximumRecordAgeSeconds", p.get("MaximumRecordAgeInSeconds").asLong());
        settings.put("parallelizationFactor", p.path("ParallelizationFactor").asInt(1));
        return settings;
    }

    static Map<String, Object> expected(EventSourceSettings s) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", s.batchSize());
        settings.put("maximumBatchingWindowSeconds", s.maximumBatchingWindow().toSeconds());
        settings.put("startingPosition", s.startingPosition().name());
        settings.put("reportBatchItemFailures", s.reportBatchItemFailures());
        settings.put("bisectBatchOnFunctionError", s.bisectBatchOnFunctionError());
        settings.put("maximumRetryAttempts", s.maximumRetryAttempts());
        settings.put("maximumRecordAgeSeconds", s.maximumRecordAge().toSeconds());
        settings.put("parallelizationFactor", s.parallelizationFactor());
        return settings;
    }

    @Test
    void everyEventSourceSettingComesFromPipelineConfig() {
        EventSourceSettings single = PipelineConfig.defaults().eventSource();
        Map<String, Object> expected = expected(single);
        // Guard: the comparison covers every component of the record.
        assertThat(expected).hasSize(EventSourceSettings.class.getRecordComponents().length);
        assertThat(fromTemplate(kinesisMapping())).isEqualTo(expected);
    }

    @Test
    void mappingIsExplicitAboutEverySetting() {
        JsonNode p = kinesisMapping();
        for (String property : List.of("BatchSize", "MaximumBatchingWindowInSeconds", "StartingPosition", "FunctionResponseTypes",
                "BisectBatchOnFunctionError", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "ParallelizationFactor")) {
            assertThat(p.has(property)).as(property + " is written, not left to the service default").isTrue();
        }
    }

    @Test
    void mappingInvokesTheLiveAliasAndReportsFailuresToTheEncryptedQueue() {
        JsonNode p = kinesisMapping();
        assertThat(p.at("/FunctionName").toString())
                .contains(synth.logicalId("AWS::Lambda::Alias", "FunctionsKinesisHandlerAlias")).contains(":live");
        assertThat(p.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::SQS::Queue", "FailedBatches"));
        assertThat(synth.resource("AWS::SQS::Queue", "FailedBatches").at("/Properties/KmsMasterKeyId").isMissingNode()).isFalse();
    }
}

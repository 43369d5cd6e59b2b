package io.tidemark.infra;

import io.tidemark.config.PipelineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentSettingsTest {

    private static DeploymentSettings read(Map<String, Object> context) {
        return DeploymentSettings.fromContext(context::get);
    }

    @Test
    void defaultsAreSecureAndMatchThePipelineDefaults() {
        DeploymentSettings settings = DeploymentSettings.defaults();
        assertThat(settings.stackName()).isEqualTo("Tidemark");
        assertThat(settings.pipeline()).isEqualTo(PipelineConfig.defaults());
        assertThat(settings.stream()).isEqualTo(StreamCapacity.onDemand(Duration.ofHours(24)));
        assertThat(settings.dataRemoval()).isEqualTo(DeploymentSettings.DataRemoval.RETAIN);
        assertThat(settings.alertEmail()).isEmpty();
        assertThat(settings.alertQueue()).isFalse();
        assertThat(settings.opsEmail()).isEmpty();
        assertThat(settings.lambdaJar()).isEmpty();
        assertThat(settings.kinesisHandlerMemoryMb()).isEqualTo(1024);
        assertThat(settings.kinesisHandlerTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.logRetentionDays()).isEqualTo(30);
    }

    @Test
    void everyKeyIsRead() {
        Map<String, Object> context = Map.ofEntries(
                Map.entry("stackName", "Shop-Prod"), Map.entry("tablePrefix", "shop"),
                Map.entry("watermarkDelay", "PT30S"), Map.entry("idleTimeout", "PT1M"), Map.entry("allowedLateness", "PT1H"),
                Map.entry("maxAheadOfArrival", "PT3M"), Map.entry("latencyBudget", "PT11S"), Map.entry("streamMode", "provisioned"), Map.entry("shardCount", "4"), Map.entry("streamRetentionHours", 168),
                Map.entry("removalPolicy", "destroy"), Map.entry("alertEmail", "a@example.com"), Map.entry("alertQueue", true),
                Map.entry("opsEmail", "o@example.com"), Map.entry("lambdaJar", "x/y.jar"),
                Map.entry("kinesisHandlerMemoryMb", 2048.0), Map.entry("kinesisHandlerTimeoutSeconds", "120"),
                Map.entry("logRetentionDays", "365"));
        assertThat(context.keySet()).containsExactlyInAnyOrderElementsOf(DeploymentSettings.KEYS);

        DeploymentSettings s = read(context);
        assertThat(s.stackName()).isEqualTo("Shop-Prod");
        assertThat(s.pipeline().tablePrefix()).isEqualTo("shop");
        assertThat(s.pipeline().eventTime().watermarkDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.pipeline().eventTime().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.pipeline().eventTime().allowedLateness()).isEqualTo(Duration.ofHours(1));
        assertThat(s.pipeline().eventTime().maxAheadOfArrival()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.pipeline().eventSource()).isEqualTo(PipelineConfig.defaults().eventSource().withLatencyBudget(Duration.ofSeconds(11)));
        assertThat(s.pipeline().eventSource().maximumBatchingWindow()).as("the budget less a second for delivery").isEqualTo(Duration.ofSeconds(10));
        assertThat(s.stream()).isEqualTo(new StreamCapacity(OptionalInt.of(4), Duration.ofHours(168)));
        assertThat(s.dataRemoval()).isEqualTo(DeploymentSettings.DataRemoval.DESTROY);
        assertThat(s.alertEmail()).contains("a@example.com");
        assertThat(s.alertQueue()).isTrue();
        assertThat(s.opsEmail()).contains("o@example.com");
        assertThat(s.lambdaJar()).isEqualTo(Optional.of(Path.of("x/y.jar")));
        assertThat(s.kinesisHandlerMemoryMb()).isEqualTo(2048);
        assertThat(s.kinesisHandlerTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.logRetentionDays()).isEqualTo(365);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "streamMode|serverless|context streamMode='serverless' is invalid: expected on-demand or provisioned",
            "shardCount|0|context shardCount='0' is invalid",
            "streamRetentionHours|12|context streamRetentionHours='12' is invalid: expected a whole number 24..8760",
            "removalPolicy|snapshot|context removalPolicy='snapshot' is invalid: expected retain",
            "alertEmail|nobody|context alertEmail='nobody' is invalid: expected an e-mail address",
            "alertQueue|yes|context alertQueue='yes' is invalid: expected true or false",
            "kinesisHandlerMemoryMb|64|context kinesisHandlerMemoryMb='64' is invalid: expected a whole number 128..10240",
            "kinesisHandlerTimeoutSeconds|1.5|context kinesisHandlerTimeoutSeconds='1.5' is invalid",
            "logRetentionDays|10|context logRetentionDays='10' is invalid: expected one of CloudWatch Logs' retentions",
            "watermarkDelay|2m|context watermarkDelay='2m' is invalid: expected an ISO-8601 duration such as PT2M",
            "latencyBudget|PT0.5S|context latencyBudget='PT0.5S' is invalid: expected an ISO-8601 duration from PT1S to PT301S",
            "tablePrefix|my tables|context tablePrefix='my tables' is invalid",
            "stackName|1stack|context stackName='1stack' is invalid",
    })
    void badValuesNameTheKeyAndTheAcceptedValues(String key, String value, String message) {
        Map<String, Object> context = key.equals("shardCount") ? Map.of(key, value, "streamMode", "provisioned") : Map.of(key, value);
        assertThatThrownBy(() -> read(context)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void shardCountWithoutProvisionedModeIsRejected() {
        assertThatThrownBy(() -> read(Map.of("shardCount", "2")))
                .hasMessageContaining("shardCount applies only with -c streamMode=provisioned");
    }

    @Test
    void negativeEventTimeSettingsNameTheKeys() {
        assertThatThrownBy(() -> read(Map.of("allowedLateness", "-PT1M")))
                .hasMessageStartingWith("context watermarkDelay/idleTimeout/allowedLateness/maxAheadOfArrival:");
    }

    @Test
    void theDefaultLatencyBudgetOfTwoSecondsGivesABatchingWindowOfOne() {
        assertThat(read(Map.of()).pipeline().eventSource().maximumBatchingWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(read(Map.of("latencyBudget", "PT1S")).pipeline().eventSource().maximumBatchingWindow()).isZero();
    }

    @Test
    void provisionedWithoutShardCountHasOneShard() {
        assertThat(read(Map.of("streamMode", "provisioned")).stream().shardCount()).isEqualTo(OptionalInt.of(1));
    }
}

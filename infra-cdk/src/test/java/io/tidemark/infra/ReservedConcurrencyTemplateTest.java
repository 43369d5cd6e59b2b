package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reserved concurrency in the template follows the stack's own settings (docs/deploy.md, "Reserved
 * concurrency"): the Kinesis handler gets shards × parallelization factor where the stream has a shard
 * count, the sweeper one execution per minute of its timeout plus one, the alert publisher one per shard
 * of the alerts table's stream; together they leave an account's default quota its unreserved 100.
 */
class ReservedConcurrencyTemplateTest {

    private static final String KINESIS_HANDLER = "FunctionsKinesisHandlerFunction";
    private static final String SWEEPER = "FunctionsSweeperFunction";
    private static final String ALERT_PUBLISHER = "FunctionsAlertPublisherFunction";

    @Test
    void provisionedStreamReservesEveryShardTimesTheParallelizationFactor() {
        Synthesized synth = Synthesized.variant();
        DeploymentSettings settings = synth.stack.settings();
        int shards = settings.stream().shardCount().getAsInt();
        int factor = settings.pipeline().eventSource().parallelizationFactor();
        assertThat(shards).isEqualTo(3);
        assertThat(reserved(synth, KINESIS_HANDLER)).isEqualTo(shards * factor);
        // 90 s timeout: two sweeps can overlap, one more for a late schedule or a manual sweep.
        assertThat(reserved(synth, SWEEPER)).isEqualTo(3);
        assertThat(reserved(synth, ALERT_PUBLISHER)).isEqualTo(HandlerConcurrency.ALERTS_STREAM_SHARDS);
    }

    @Test
    void onDemandStreamLeavesTheKinesisHandlerUnreservedAndSaysWhy() {
        Synthesized synth = Synthesized.defaults();
        JsonNode handler = synth.resource("AWS::Lambda::Function", KINESIS_HANDLER);
        assertThat(handler.at("/Properties/ReservedConcurrentExecutions").isMissingNode()).isTrue();
        assertThat(handler.at("/Metadata/checkov/skip").toString()).contains("CKV_AWS_115").contains("10000 shards");
        // 60 s timeout: one sweep at a time, one more for a late schedule or a manual sweep.
        assertThat(reserved(synth, SWEEPER)).isEqualTo(2);
        assertThat(reserved(synth, ALERT_PUBLISHER)).isEqualTo(HandlerConcurrency.ALERTS_STREAM_SHARDS);
    }

    @Test
    void reservationsLeaveTheDefaultAccountQuotaItsUnreservedHundred() {
        for (Synthesized synth : new Synthesized[] {Synthesized.defaults(), Synthesized.variant()}) {
            int total = synth.resources("AWS::Lambda::Function").values().stream()
                    .mapToInt(f -> f.at("/Properties/ReservedConcurrentExecutions").asInt(0)).sum();
            assertThat(total).as(synth.stack.getStackName()).isPositive()
                    .isLessThanOrEqualTo(HandlerConcurrency.DEFAULT_ACCOUNT_CONCURRENCY - 100);
        }
    }

    private static int reserved(Synthesized synth, String logicalIdPrefix) {
        JsonNode value = synth.resource("AWS::Lambda::Function", logicalIdPrefix).at("/Properties/ReservedConcurrentExecutions");
        assertThat(value.isMissingNode()).as(logicalIdPrefix + " has no reserved concurrency").isFalse();
        return value.asInt();
    }
}

package io.tidemark.handlers;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.dynamodb.StepExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Kinesis handler container should have done before SnapStart takes its snapshot, so that
 * a restored container's first batch pays for none of it: load and initialize the classes of the
 * whole batch path (decoding and validation of every event type, the core step, the log and
 * snapshot codecs) and open the DynamoDB client's connection with one read. It writes nothing: a
 * snapshot may be restored many times, and priming must not touch the pipeline's state.
 */
final class Priming {

    private static final List<String> SAMPLES = List.of(
            "{\"event_id\":\"prime-1\",\"type\":\"page_view\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:00.000Z\",\"page\":\"/\"}",
            "{\"event_id\":\"prime-2\",\"type\":\"add_to_cart\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:01.000Z\",\"product_id\":\"p1\",\"quantity\":2}",
            "{\"event_id\":\"prime-3\",\"type\":\"remove_from_cart\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:02.000Z\",\"product_id\":\"p1\"}",
            "{\"event_id\":\"prime-4\",\"type\":\"purchase\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:03.000Z\",\"order_id\":\"o1\",\"amount\":12.50,\"currency\":\"EUR\"}",
            "{\"event_id\":\"prime-5\",\"type\":\"ad_impression\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:04.000Z\",\"ad_id\":\"a1\"}",
            "{\"event_id\":\"prime-6\",\"type\":\"ad_click\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:05.000Z\",\"ad_id\":\"a1\"}",
            "{\"event_id\":\"prime-7\",\"type\":\"add_to_cart\",\"user_id\":\"prime\",\"timestamp\":\"2026-11-23T10:00:06.000Z\",\"product_id\":\"p2\"}",
            "{\"type\":\"purchase\",\"amount\":-1}");

    private Priming() {
    }

    /** Runs the batch path on sample records in memory, then one read-only DynamoDB call (the shards' head rows). */
    static void prime(RecordDecoder decoder, StepExecutor executor) {
        List<StreamRecord> records = new ArrayList<>();
        long arrival = System.currentTimeMillis();
        for (int i = 0; i < SAMPLES.size(); i++) {
            byte[] data = SAMPLES.get(i).getBytes(StandardCharsets.UTF_8);
            String seq = String.format("%056d", i + 1);
            RecordDecoder.Decoded decoded = decoder.decode(data);
            if (decoded instanceof RecordDecoder.Valid v) {
                records.add(StreamRecord.valid(seq, v.event().userId(), arrival, v.event()));
            } else {
                records.add(StreamRecord.rejected(seq, "prime", arrival, ((RecordDecoder.Invalid) decoded).problems(), data));
            }
        }
        ShardProcessor processor = executor.processor();
        ShardState state = processor.newState("priming");
        StepResult step = processor.step(state, records, WatermarkInputs.at(arrival), new InMemoryOrderArchive());
        StepLogCodec.decode(StepLogCodec.encode(step.log()));
        processor.tick(state, WatermarkInputs.at(arrival + 1).withEndOfInput());
        ShardStateCodec.decode(ShardStateCodec.encode(state), processor.settings());
        executor.store().heads().readAll();
    }
}

package io.tidemark.handlers;

import io.tidemark.events.EventJson;
import io.tidemark.events.EventValidator;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler's decoder accepts exactly what the contract's {@link EventValidator} accepts. Found by
 * the Flink side-by-side comparison (bench): the handler used its own Jackson decoder, which took
 * {@code "quantity": null} and {@code "currency": null} as the defaults, rejected {@code 2.0}, had no
 * upper bound on quantity and accepted timestamps without seconds — so a file with such records gave
 * other views in the Kinesis handler than in {@code tidemark put}'s validation and the reference.
 */
class JsonEventDecoderTest {

    private static final String BASE = "\"event_id\":\"e1\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00.000Z\"";

    private final JsonEventDecoder decoder = new JsonEventDecoder();
    private final EventValidator validator = new EventValidator();

    private RecordDecoder.Decoded decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{" + BASE + ",\"type\":\"add_to_cart\",\"product_id\":\"p1\",\"quantity\":null}",
            "{" + BASE + ",\"type\":\"add_to_cart\",\"product_id\":\"p1\",\"quantity\":2000000}",
            "{" + BASE + ",\"type\":\"purchase\",\"order_id\":\"o1\",\"amount\":1.5,\"currency\":null}",
            "{\"event_id\":\"e1\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00Z\",\"type\":\"page_view\",\"page\":\"/\"}",
    })
    void rejectsWhatTheContractRejects(String json) {
        assertThat(validator.validate(json).isValid()).isFalse();
        assertThat(decode(json)).isInstanceOfSatisfying(RecordDecoder.Invalid.class,
                invalid -> assertThat(invalid.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).containsPattern("^[a-z_]+: ")));
    }

    @Test
    void acceptsAWholeNumberWrittenWithAFraction() {
        assertThat(decode("{" + BASE + ",\"type\":\"add_to_cart\",\"product_id\":\"p1\",\"quantity\":2.0}"))
                .isInstanceOfSatisfying(RecordDecoder.Valid.class, v -> assertThat(v.event().quantity()).isEqualTo(2));
    }

    @Test
    void keepsTheAmountExactlyAsWritten() {
        assertThat(decode("{" + BASE + ",\"type\":\"purchase\",\"order_id\":\"o1\",\"amount\":1.50}"))
                .isInstanceOfSatisfying(RecordDecoder.Valid.class, v -> assertThat(v.event().amount()).isEqualTo(new BigDecimal("1.50")));
    }

    @Test
    void agreesWithTheValidatorOnGeneratedTrafficWithEveryCorruption() {
        for (GeneratedRecord r : new TrafficGenerator(GeneratorSettings.defaults(5).withCount(3_000).withFaults(0, 0, 0, 0.2)).generate()) {
            byte[] line = r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine().getBytes(StandardCharsets.UTF_8)
                    : EventJson.toBytes(r.event());
            RecordDecoder.Decoded decoded = decoder.decode(line);
            if (r.isValid()) {
                assertThat(decoded).isInstanceOfSatisfying(RecordDecoder.Valid.class, v -> assertThat(v.event()).isEqualTo(r.event()));
            } else {
                assertThat(decoded).as(r.invalidLine()).isInstanceOfSatisfying(RecordDecoder.Invalid.class,
                        invalid -> assertThat(invalid.problems()).anySatisfy(p -> assertThat(p).startsWith(r.corruption().field() + ": ")));
            }
        }
    }

    @Test
    void anEmptyOrMissingRecordIsInvalid() {
        assertThat(decoder.decode(new byte[0])).isInstanceOf(RecordDecoder.Invalid.class);
        assertThat(decoder.decode(null)).isInstanceOf(RecordDecoder.Invalid.class);
    }
}

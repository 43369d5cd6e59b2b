package io.tidemark.core.state.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a log entry's or snapshot's Smile object is read, field by field: what the codecs' round trips
 * do not reach (damaged content, fields of another kind, repeated fields, base64 columns).
 */
class EnvelopeReadingTest {

    /** The smallest log entry of format 4: no records, no peers, every count column saying zero. */
    private static void minimalEntry(JsonGenerator g) throws IOException {
        g.writeNumberField("v", StepLogCodec.VERSION);
        g.writeNumberField("step", 3);
        g.writeNumberField("processingTime", 1_800_000_000_000L);
        g.writeBinaryField("peers", new byte[] {0});
        g.writeNumberField("records", 0);
        g.writeNumberField("skipped", 0);
        g.writeNumberField("accepted", 0);
        for (String column : new String[] {"late", "rejected", "duplicates", "noArchive"}) {
            g.writeBinaryField(column, new byte[] {0});
        }
    }

    @Test
    void theSmallestEntryReadsWithItsFlagsAtTheirDefaults() {
        StepLog log = StepLogCodec.decode(Envelope.write(EnvelopeReadingTest::minimalEntry));

        assertThat(log.step()).isEqualTo(3);
        assertThat(log.watermarkInputs().processingTime()).isEqualTo(1_800_000_000_000L);
        assertThat(log.watermarkInputs().endOfInput()).isFalse();
        assertThat(log.watermarkInputs().shardEnded()).isFalse();
        assertThat(log.maxSequenceNumber()).isNull();
        assertThat(log.redrive()).isNull();
    }

    @Test
    void aRepeatedFieldReadsAsItsLastValue() {
        StepLog log = StepLogCodec.decode(Envelope.write(g -> {
            minimalEntry(g);
            g.writeNumberField("step", 9);
            g.writeBooleanField("endOfInput", true);
        }));

        assertThat(log.step()).isEqualTo(9);
        assertThat(log.watermarkInputs().endOfInput()).isTrue();
    }

    @Test
    void flagsWrittenAsNumbersOrTextAndColumnsWrittenAsBase64StillRead() {
        StepLog log = StepLogCodec.decode(Envelope.write(g -> {
            minimalEntry(g);
            g.writeNumberField("endOfInput", 1);
            g.writeStringField("shardEnded", " true ");
            g.writeStringField("peers", Base64.getEncoder().encodeToString(new byte[] {0}));
            g.writeNumberField("maxSequenceNumber", 7); // not text: as if absent
        }));

        assertThat(log.watermarkInputs().endOfInput()).isTrue();
        assertThat(log.watermarkInputs().shardEnded()).isTrue();
        assertThat(log.watermarkInputs().peers()).isEmpty();
        assertThat(log.maxSequenceNumber()).isNull();
    }

    @Test
    void aFieldOfTheWrongKindIsNamed() {
        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.write(g -> {
            minimalEntry(g);
            g.writeNumberField("step", 2.5);
        }))).isInstanceOf(CorruptStateException.class).hasMessage("field 'step' is missing or not an integer");
        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.write(g -> {
            minimalEntry(g);
            g.writeStringField("peers", "not base64!");
        }))).isInstanceOf(CorruptStateException.class).hasMessage("field 'peers' is not binary");
        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.write(g -> {
            minimalEntry(g);
            g.writeNumberField("v", 5);
            g.writeObjectFieldStart("redriveMarks");
            g.writeEndObject();
        }))).isInstanceOf(CorruptStateException.class).hasMessage("field 'redrive' is missing or not a string");
    }

    @Test
    void aRedriveEntrysMarksAreReadFromTheirNestedObject() {
        StepLog log = StepLogCodec.decode(Envelope.write(g -> {
            minimalEntry(g);
            g.writeNumberField("v", 5);
            g.writeStringField("redrive", "shardId-000000000001:1-100");
            g.writeObjectFieldStart("redriveMarks");
            g.writeStringField("u1", "49590338271490256608559692538361571095921575989136588898");
            g.writeEndObject();
        }));

        assertThat(log.redrive().batch()).isEqualTo("shardId-000000000001:1-100");
        assertThat(log.redrive().marks()).isEqualTo(Map.of("u1", "49590338271490256608559692538361571095921575989136588898"));
    }

    @Test
    void contentThatIsNotOneSmileObjectIsRefused() throws IOException {
        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.deflate(smile(g -> {
            g.writeStartArray();
            g.writeEndArray();
        }), 1))).isInstanceOf(CorruptStateException.class).hasMessage("log entry does not hold a Smile object");
        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.deflate(smile(g -> { }), 1)))
                .isInstanceOf(CorruptStateException.class).hasMessage("log entry does not hold a Smile object");
    }

    @Test
    void contentThatEndsWhereAValueBelongsIsNamedWithItsPlace() throws IOException {
        byte[] whole = smile(g -> {
            g.writeStartObject();
            g.writeNumberField("v", 4);
            g.writeEndObject();
        });
        // The header, the object's start and the name "v" (2 bytes), then Smile's end-of-content marker where v's value belongs.
        byte[] raw = Arrays.copyOf(whole, 8);
        raw[7] = (byte) 0xFF;

        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.deflate(raw, 1))).isInstanceOf(CorruptStateException.class)
                .hasMessage("log entry is not valid Smile: Unexpected end-of-input inside the Smile object"
                        + "\n at [Source: (byte[])[8 bytes]; byte offset: #7]");
    }

    @Test
    void aSnapshotWhoseColumnIsCutShortNamesTheBinaryValue() {
        ShardState state = ShardState.empty("shardId-000000000001", CoreSettings.defaults());
        byte[] raw = Envelope.inflate(ShardStateCodec.encode(state), "test");
        byte[] cut = Arrays.copyOf(raw, raw.length - 4);

        assertThatThrownBy(() -> ShardStateCodec.decode(Envelope.deflate(cut, 1), CoreSettings.defaults()))
                .isInstanceOf(CorruptStateException.class).hasMessageStartingWith("shard snapshot is not valid Smile: Unexpected end-of-input");
    }

    @Test
    void aSnapshotsCountsMustBeFiveAndItsRedrivenBatchesAreRead() {
        ShardState state = ShardState.empty("shardId-000000000001", CoreSettings.defaults());
        state.redriven().remember("shardId-000000000001:1-100", 1_800_000_000_000L);
        ShardState copy = ShardStateCodec.copy(state);
        assertThat(copy.redriven().entries()).isEqualTo(state.redriven().entries());

        byte[] fourCounts = Envelope.write(g -> {
            g.writeNumberField("v", ShardStateCodec.VERSION);
            g.writeStringField("shard", "s");
            g.writeStringField("settings", ShardStateCodec.fingerprint(CoreSettings.defaults()));
            g.writeFieldName("totals");
            g.writeArray(new long[] {1, 2, 3, 4}, 0, 4);
        });
        assertThatThrownBy(() -> ShardStateCodec.decode(fourCounts, CoreSettings.defaults()))
                .isInstanceOf(CorruptStateException.class).hasMessage("field 'totals' must be an array of 5 counts");
    }

    private interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] smile(Writing body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Envelope.SMILE.createGenerator(out)) {
            body.write(g);
        }
        return out.toByteArray();
    }
}

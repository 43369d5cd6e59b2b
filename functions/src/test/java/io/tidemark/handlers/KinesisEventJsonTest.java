package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handler reads the Kinesis event and writes its response itself; these check it against what the Lambda Java runtime
 * does with its own serialization library (the same version the runtime client ships with): the same event out of any
 * event the mapping could send, the same response JSON.
 */
class KinesisEventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<KinesisEvent> RUNTIME_EVENTS =
            LambdaEventSerializers.serializerFor(KinesisEvent.class, KinesisEventJsonTest.class.getClassLoader());
    private static final PojoSerializer<StreamsEventResponse> RUNTIME_RESPONSES =
            LambdaEventSerializers.serializerFor(StreamsEventResponse.class, KinesisEventJsonTest.class.getClassLoader());

    /** One record as generated: what goes into the event. */
    record Sent(String partitionKey, String sequenceNumber, byte[] data, long arrivalMillis, String encryption, boolean unknownField) {
    }

    @Property(tries = 200)
    void readsEveryEventAsTheRuntimeDoes(@ForAll("events") List<Sent> records) throws IOException {
        byte[] event = event(records);
        KinesisEvent ours = KinesisEventJson.read(new ByteArrayInputStream(event));
        KinesisEvent runtime = RUNTIME_EVENTS.fromJson(new ByteArrayInputStream(event));
        assertThat(ours.getRecords()).hasSameSizeAs(runtime.getRecords()).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            KinesisEvent.KinesisEventRecord o = ours.getRecords().get(i);
            KinesisEvent.KinesisEventRecord r = runtime.getRecords().get(i);
            assertThat(o.getEventID()).isEqualTo(r.getEventID()).isNotNull();
            assertThat(o.getEventSource()).isEqualTo(r.getEventSource());
            assertThat(o.getEventName()).isEqualTo(r.getEventName());
            assertThat(o.getEventVersion()).isEqualTo(r.getEventVersion());
            assertThat(o.getEventSourceARN()).isEqualTo(r.getEventSourceARN());
            assertThat(o.getAwsRegion()).isEqualTo(r.getAwsRegion());
            assertThat(o.getInvokeIdentityArn()).isEqualTo(r.getInvokeIdentityArn());
            KinesisEvent.Record ok = o.getKinesis();
            KinesisEvent.Record rk = r.getKinesis();
            assertThat(ok.getPartitionKey()).isEqualTo(rk.getPartitionKey()).isEqualTo(records.get(i).partitionKey());
            assertThat(ok.getSequenceNumber()).isEqualTo(rk.getSequenceNumber()).isEqualTo(records.get(i).sequenceNumber());
            assertThat(ok.getKinesisSchemaVersion()).isEqualTo(rk.getKinesisSchemaVersion());
            assertThat(ok.getEncryptionType()).isEqualTo(rk.getEncryptionType());
            assertThat(bytes(ok.getData())).isEqualTo(bytes(rk.getData())).isEqualTo(records.get(i).data());
            assertThat(ok.getApproximateArrivalTimestamp()).isEqualTo(rk.getApproximateArrivalTimestamp());
        }
    }

    @Property(tries = 100)
    void writesTheResponseAsTheRuntimeDoes(@ForAll("failures") List<String> failed) throws IOException {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        failed.forEach(f -> failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(f).build()));
        StreamsEventResponse response = StreamsEventResponse.builder().withBatchItemFailures(failures).build();
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        KinesisEventJson.write(response, ours);
        ByteArrayOutputStream runtime = new ByteArrayOutputStream();
        RUNTIME_RESPONSES.toJson(response, runtime);
        assertThat(JSON.readTree(ours.toByteArray())).isEqualTo(JSON.readTree(runtime.toByteArray()));
    }

    @Test
    void anEmptyOrNullEventIsNoEventAndAnythingButAnObjectIsRefusedWithWhereAndWhat() throws IOException {
        assertThat(KinesisEventJson.read(new ByteArrayInputStream(new byte[0]))).isNull();
        assertThat(KinesisEventJson.read(stream("null"))).isNull();
        assertThat(KinesisEventJson.read(stream("{}")).getRecords()).isNull();
        assertThatThrownBy(() -> KinesisEventJson.read(stream("{\"Records\":[1]}")))
                .hasMessageContaining("Records[0]: expected a JSON object, got VALUE_NUMBER_INT").hasMessageContaining("Kinesis event source mapping");
    }

    @Test
    void leavesTheRuntimesStreamsOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        KinesisEventJson.read(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        KinesisEventJson.write(StreamsEventResponse.builder().withBatchItemFailures(List.of()).build(), out);
        assertThat(closed[0]).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Provide
    Arbitrary<List<String>> failures() {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(56).list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Sent>> events() {
        Arbitrary<String> keys = Arbitraries.strings().ofMinLength(1).ofMaxLength(256);
        Arbitrary<String> sequences = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(56);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        // Kinesis gives arrival times in milliseconds; from before 2001 to after 2100, and 0 (none).
        Arbitrary<Long> arrivals = Arbitraries.oneOf(Arbitraries.longs().between(900_000_000_000L, 4_200_000_000_000L), Arbitraries.just(0L));
        Arbitrary<String> encryption = Arbitraries.of("NONE", "KMS", "");
        return Combinators.combine(keys, sequences, data, arrivals, encryption, Arbitraries.of(true, false)).as(Sent::new).list().ofMaxSize(6);
    }

    /** The event as the mapping sends it, with a field no version of the runtime knows in some records. */
    private static byte[] event(List<Sent> records) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        for (Sent s : records) {
            ObjectNode record = list.addObject();
            ObjectNode k = record.putObject("kinesis");
            k.put("kinesisSchemaVersion", "1.0");
            k.put("partitionKey", s.partitionKey());
            k.put("sequenceNumber", s.sequenceNumber());
            k.put("data", Base64.getEncoder().encodeToString(s.data()));
            k.put("approximateArrivalTimestamp", BigDecimal.valueOf(s.arrivalMillis()).movePointLeft(3));
            if (!s.encryption().isEmpty()) {
                k.put("encryptionType", s.encryption());
            }
            if (s.unknownField()) {
                k.putObject("someNewField").putArray("nested").add(1).addObject().put("x", "y");
                record.put("anotherNewField", 3.5);
            }
            record.put("eventSource", "aws:kinesis");
            record.put("eventVersion", "1.0");
            record.put("eventID", "shardId-000000000000:" + s.sequenceNumber());
            record.put("eventName", "aws:kinesis:record");
            record.put("invokeIdentityArn", "arn:aws:iam::123456789012:role/fn");
            record.put("awsRegion", "eu-west-1");
            record.put("eventSourceARN", "arn:aws:kinesis:eu-west-1:123456789012:stream/events");
        }
        return JSON.writeValueAsBytes(event);
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}

package io.tidemark.core.coldstart;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.EventValidator;
import io.tidemark.events.ValidationResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record path (validating records, a step, writing and reading its log entry and the shard's snapshot)
 * must not load Jackson's databind: creating its first object mapper costs a cold Lambda about 140 ms.
 * Checked in a fresh JVM that lists every class it loads, since this test's own JVM has loaded much else.
 */
class RecordPathWithoutDatabindTest {

    private static final List<String> RECORDS = List.of(
            "{\"event_id\":\"e1\",\"type\":\"add_to_cart\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"product_id\":\"p1\",\"quantity\":2}",
            "{\"event_id\":\"e2\",\"type\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:01:00Z\",\"order_id\":\"o1\",\"amount\":0.10,"
                    + "\"extra\":{\"nested\":[1,2.5,null,true]}}",
            "{\"type\":\"purchase\",\"amount\":-1}",
            "{\"a\":1} trailing",
            "[1,2]");

    /** Run in the fresh JVM: the path, then nothing else. */
    public static void main(String[] args) {
        EventValidator validator = new EventValidator();
        List<StreamRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS.size(); i++) {
            byte[] data = RECORDS.get(i).getBytes(StandardCharsets.UTF_8);
            String sequence = String.format("%056d", i + 1);
            ValidationResult result = validator.validate(data);
            records.add(result instanceof ValidationResult.Valid v ? StreamRecord.valid(sequence, v.event().userId(), 1_800_000_000_000L, v.event(), data)
                    : StreamRecord.rejected(sequence, "k", 1_800_000_000_000L, List.of(result.summary()), data));
        }
        ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
        ShardState state = processor.newState("shardId-000000000001");
        StepResult step = processor.step(state, records, WatermarkInputs.at(1_800_000_000_000L), new InMemoryOrderArchive());
        if (StepLogCodec.decode(StepLogCodec.encode(step.log())).records() != records.size()) {
            throw new AssertionError("the log entry did not read back");
        }
        ShardStateCodec.decode(ShardStateCodec.encode(state), processor.settings());
        System.out.println("path done");
    }

    @Test
    void validatingAStepAndItsLogEntryAndSnapshotLoadNoDatabindClass() throws IOException, InterruptedException {
        Path classes = Files.createTempFile("record-path-classes", ".txt");
        try {
            Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:off", "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                    RecordPathWithoutDatabindTest.class.getName())
                    .redirectErrorStream(true).start();
            String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("the fresh JVM ends").isTrue();
            assertThat(output).as("the path ran in the fresh JVM").contains("path done");

            List<String> loaded = Files.readAllLines(classes);
            assertThat(loaded).as("it logged its classes").anySatisfy(l -> assertThat(l).contains("com.fasterxml.jackson.dataformat.smile.SmileParser"));
            assertThat(loaded.stream().filter(l -> l.contains("com.fasterxml.jackson.databind.")).toList())
                    .as("databind classes loaded on the record path").isEmpty();
        } finally {
            Files.deleteIfExists(classes);
        }
    }
}

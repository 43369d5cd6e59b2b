package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticTraffic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart priming: it reads, never writes, and leaves the handler exactly as correct as before. */
class PrimingTest {

    @Test
    void primingWritesNothingAndTheFirstBatchStillGivesTheReferenceViews() {
        TableNames tables = TestStores.freshTables("priming");
        WriteMeter meter = new WriteMeter();
        Pipeline p = new Pipeline(TestStores.items(tables, meter), PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                new TestClock(System.currentTimeMillis()), new JsonEventDecoder());

        p.kinesis.prime();

        assertThat(meter.snapshot().writeRequests()).as("write requests made by priming").isZero();
        assertThat(p.store.heads().readAll()).isEmpty();

        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(5).withUsers(10).withEvents(150)
                .withRealisticSequenceNumbers());
        StreamsEventResponse r = p.kinesis.handleRequest(KinesisEvents.event("shardId-000000000000", records), null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        p.sweeper.endOfInput();
        assertThat(p.report()).isEqualTo(ReferencePipeline.run(records));
    }
}

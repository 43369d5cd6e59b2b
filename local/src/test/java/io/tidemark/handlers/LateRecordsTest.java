package io.tidemark.handlers;

import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.FaultyItemStore;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.events.Event;
import io.tidemark.testkit.Times;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What ends up in the late store is what the committed steps judged late, whatever the attempts before them saw. */
class LateRecordsTest {

    private static final String SHARD_0 = "shardId-000000000000";
    private static final String SHARD_1 = "shardId-000000000001";

    /**
     * An attempt sees a peer idle and so a high global watermark, judges a record late, and dies
     * before its commit; by the redo the peer is active again, the watermark lower, and the record
     * on time. It must not be both in the late store and in the views (fault-injection seed 40001094).
     */
    @Test
    void aRecordJudgedLateByAnAttemptThatDidNotCommitIsNotQuarantined() {
        TableNames tables = TestStores.freshTables("late");
        FaultyItemStore faulty = new FaultyItemStore(TestStores.items(tables));
        TestClock clock = new TestClock(System.currentTimeMillis());
        Pipeline p = new Pipeline(faulty, PipelineConfig.defaults().withTablePrefix(tables.prefix()), clock, new JsonEventDecoder());

        deliver(p, SHARD_1, view("u1", "10:00", 1));
        deliver(p, SHARD_0, view("u2", "10:00", 1), view("u2", "10:20", 2), view("u2", "10:40", 3));
        clock.advance(Duration.ofMinutes(6).toMillis()); // shard 1 is idle now: it no longer holds the watermark at 09:58

        faulty.crashOnce(item -> item.get("sk").s().startsWith("log#"), FaultyItemStore.When.BEFORE_WRITE);
        StreamRecord judgedLate = view("u3", "10:20", 4); // behind 10:38 − 10 min, while shard 1 is idle
        assertThat(p.kinesis.handleRequest(KinesisEvents.event(SHARD_0, List.of(judgedLate)), null).getBatchItemFailures())
                .as("the commit crashed").hasSize(1);

        deliver(p, SHARD_1, view("u1", "10:01", 5)); // shard 1 is back, its watermark 09:59
        deliver(p, SHARD_0, judgedLate);             // Lambda's retry: now on time
        p.sweeper.endOfInput();

        Report report = p.report();
        assertThat(report.counts().late()).isZero();
        assertThat(report.counts().accepted()).isEqualTo(6);
        assertThat(p.store.quarantine().readAll(Quarantine.Kind.LATE)).as("late store").isEmpty();
        assertThat(report.sessions()).anySatisfy(s -> assertThat(s.userId()).isEqualTo("u3"));
    }

    private static void deliver(Pipeline p, String shard, StreamRecord... records) {
        assertThat(p.kinesis.handleRequest(KinesisEvents.event(shard, List.of(records)), null).getBatchItemFailures()).isEmpty();
    }

    private static StreamRecord view(String user, String clock, long sequence) {
        Instant at = Times.at(clock);
        Event e = Event.pageView("e-" + user + "-" + clock, user, at, "/");
        return StreamRecord.valid(String.format("4959%052d", sequence), user, at.toEpochMilli(), e);
    }
}

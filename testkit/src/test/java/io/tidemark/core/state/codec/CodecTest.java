package io.tidemark.core.state.codec;

import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.UserState;
import io.tidemark.core.state.dedupe.EventIds;
import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.InMemoryCustomerDirectory;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.events.Event;
import io.tidemark.testkit.SyntheticCustomers;
import io.tidemark.testkit.SyntheticTraffic;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecTest {

    private static final CoreSettings SETTINGS = CoreSettings.defaults();
    private final ShardProcessor processor = new ShardProcessor(SETTINGS);

    /** A shard after a realistic stretch of traffic: open carts, buffered inputs, sessions, pages, ids of both kinds. */
    private static List<StreamRecord> traffic(long seed, int users, int events) {
        return SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(users).withEvents(events).withSpan(Duration.ofMinutes(40))
                .withMaxDisorder(Duration.ofMinutes(5)).withRealisticSequenceNumbers());
    }

    private List<StepResult> run(ShardState state, List<StreamRecord> records, int batch, long seed) {
        Random rnd = new Random(seed);
        InMemoryOrderArchive claims = new InMemoryOrderArchive();
        List<StepResult> results = new ArrayList<>();
        long now = 1_800_000_000_000L;
        for (int i = 0; i < records.size(); i += batch) {
            now += 200;
            // A peer that went quiet ten minutes ago: logged with the step, but idle, so it does not hold the watermark back.
            WatermarkInputs inputs = WatermarkInputs.at(now).withPeers(List.of(new ShardProgress("shardId-000000000009", Long.MIN_VALUE,
                    now - 600_000, false)));
            if (rnd.nextInt(5) == 0) {
                results.add(processor.tick(state, WatermarkInputs.at(now)));
            }
            results.add(processor.step(state, records.subList(i, Math.min(records.size(), i + batch)), inputs, claims));
        }
        return results;
    }

    @Test
    void aStateSurvivesEncodingExactly() {
        ShardState state = processor.newState("shardId-000000000001");
        run(state, traffic(7, 40, 800), 50, 7);
        assertThat(state.userCount()).isPositive();
        assertThat(state.rememberedEventIds()).isPositive();
        assertThat(state.pages()).isNotEmpty();
        assertThat(state.usersSorted()).anySatisfy(u -> assertThat(u.cart()).isNotNull());

        byte[] bytes = ShardStateCodec.encode(state);
        ShardState decoded = ShardStateCodec.decode(bytes, SETTINGS);

        assertThat(ShardStateCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(decoded.usersSorted()).isEqualTo(state.usersSorted());
        assertThat(decoded.pages()).isEqualTo(state.pages());
        assertThat(decoded.totals()).isEqualTo(state.totals());
        assertThat(decoded.progress()).isEqualTo(state.progress());
        assertThat(decoded.sealedHorizon()).isEqualTo(state.sealedHorizon());
    }

    @Test
    void aLogEntrySurvivesEncodingAndReplaysToTheSameStateAndEffects() {
        ShardState live = processor.newState("shardId-000000000001");
        List<StreamRecord> records = traffic(11, 60, 900);
        run(live, records.subList(0, 400), 80, 1);
        ShardState replica = ShardStateCodec.copy(live);

        StepResult step = processor.step(live, records.subList(400, 900), WatermarkInputs.at(1_900_000_000_000L), new InMemoryOrderArchive());
        StepLog decoded = StepLogCodec.decode(StepLogCodec.encode(step.log()));
        StepResult replayed = processor.replay(replica, decoded);

        assertThat(replayed.effects()).isEqualTo(step.effects());
        assertThat(ShardStateCodec.encode(replica)).isEqualTo(ShardStateCodec.encode(live));
        assertThat(decoded.late()).isEqualTo(step.log().late());
        assertThat(decoded.rejected()).isEqualTo(step.log().rejected());
        assertThat(decoded.counts()).isEqualTo(step.log().counts());
    }

    @Test
    void aRedriveEntrySurvivesEncodingAndReplaysToTheSameStateWithItsBatchRemembered() {
        ShardState live = processor.newState("shardId-000000000001");
        List<StreamRecord> records = traffic(11, 60, 900);
        run(live, records.subList(400, 900), 80, 1);
        ShardState replica = ShardStateCodec.copy(live);

        var prepared = processor.prepare(live, records.subList(0, 100), WatermarkInputs.at(1_900_000_000_000L), "shardId-000000000001:1-100");
        java.util.Map<String, String> tiers = new java.util.HashMap<>();
        prepared.customerLookups().forEach(u -> tiers.put(u, "unknown"));
        // The redriven records' users are new to this shard: the order archive knows nothing of them.
        java.util.Set<String> unknownToTheArchive = new java.util.HashSet<>();
        prepared.orderLookups().forEach(o -> unknownToTheArchive.add(o.userId()));
        StepResult step = processor.complete(live, prepared, new io.tidemark.core.OrderArchive.Answer(java.util.Set.of(), unknownToTheArchive), tiers);
        byte[] entry = StepLogCodec.encode(step.log());
        StepLog decoded = StepLogCodec.decode(entry);
        StepResult replayed = processor.replay(replica, decoded);

        assertThat(decoded.redrive()).isEqualTo(step.log().redrive());
        assertThat(decoded.redrive().batch()).isEqualTo("shardId-000000000001:1-100");
        assertThat(decoded.redrive().marks()).as("on its own shard a redrive marks its keys").isNotEmpty();
        assertThat(replayed.effects()).isEqualTo(step.effects());
        assertThat(ShardStateCodec.encode(replica)).isEqualTo(ShardStateCodec.encode(live));
        assertThat(replica.redriven().contains("shardId-000000000001:1-100")).isTrue();
        assertThat(ShardStateCodec.decode(ShardStateCodec.encode(replica), replica.settings()).redriven().entries())
                .isEqualTo(replica.redriven().entries());
        assertThat(StepLogCodec.encode(new StepLog(decoded.step(), decoded.watermarkInputs(), decoded.records(), decoded.maxSequenceNumber(),
                decoded.accepted(), decoded.late(), decoded.rejected(), decoded.duplicateKeys(), decoded.skipped(), decoded.usersWithoutArchive(), null)))
                .as("an ordinary entry is written as before").isNotEqualTo(entry);
    }

    @Property
    void replayingTheLogFromADecodedSnapshotReproducesTheStateExactly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int batch,
                                                                      @ForAll @IntRange(min = 0, max = 100) int snapshotPercent) {
        List<StreamRecord> records = traffic(seed, 25, 500);
        int snapshotAt = records.size() * snapshotPercent / 100;
        ShardState live = processor.newState("shardId-000000000003");
        run(live, records.subList(0, snapshotAt), batch, seed);
        byte[] snapshot = ShardStateCodec.encode(live);

        List<byte[]> log = new ArrayList<>();
        for (StepResult r : run(live, records.subList(snapshotAt, records.size()), batch, seed + 1)) {
            log.add(StepLogCodec.encode(r.log()));
        }
        log.add(StepLogCodec.encode(processor.tick(live, WatermarkInputs.at(2_000_000_000_000L).withEndOfInput()).log()));

        ShardState reloaded = ShardStateCodec.decode(snapshot, SETTINGS);
        for (byte[] entry : log) {
            processor.replay(reloaded, StepLogCodec.decode(entry));
        }
        assertThat(ShardStateCodec.encode(reloaded)).isEqualTo(ShardStateCodec.encode(live));
    }

    @Test
    void aLogEntryOfARealisticBatchCostsAtMostThirtyBytesPerEvent() {
        // 500 records of a busy shard: 20 000 users, UUID event ids, 56-digit sequence numbers, ~1 minute of traffic.
        List<StreamRecord> records = SyntheticTraffic.generate(new SyntheticTraffic.Options(42, 20_000, 5_000,
                Instant.parse("2026-11-23T10:00:00Z"), Duration.ofMinutes(10), Duration.ofSeconds(20), 0.01, 0.002, 0.05, true));
        ShardState state = processor.newState("shardId-000000000001");
        run(state, records.subList(0, 4_500), 500, 3);

        StepResult step = processor.step(state, records.subList(4_500, 5_000), WatermarkInputs.at(1_900_000_000_000L), new InMemoryOrderArchive());
        byte[] entry = StepLogCodec.encode(step.log());
        double perEvent = (double) entry.length / step.log().records();

        System.out.printf("log entry: %d bytes for %d records = %.1f bytes/record%n", entry.length, step.log().records(), perEvent);
        assertThat(perEvent).isLessThanOrEqualTo(30.0);
    }

    @Test
    void adIdsAndTheTiersOfCountedOrdersAreLoggedAndJoinStateIsSnapshotted() {
        List<StreamRecord> records = traffic(21, 30, 600);
        List<Customer> customers = SyntheticCustomers.of(records, 0.6, 21);
        ShardState live = processor.newState("shardId-000000000002");
        InMemoryOrderArchive claims = new InMemoryOrderArchive();
        InMemoryCustomerDirectory directory = new InMemoryCustomerDirectory(customers);
        List<byte[]> log = new ArrayList<>();
        long now = 1_800_000_000_000L;
        for (int i = 0; i < records.size(); i += 60) {
            StepResult r = processor.step(live, records.subList(i, Math.min(records.size(), i + 60)), WatermarkInputs.at(now += 100), claims,
                    directory);
            byte[] entry = StepLogCodec.encode(r.log());
            StepLog decoded = StepLogCodec.decode(entry);
            assertThat(decoded.accepted()).isEqualTo(r.log().accepted().stream().map(CodecTest::asLogged).toList());
            log.add(entry);
            if (i == 300) {
                assertThat(live.usersSorted()).as("open join state mid-stream").anySatisfy(u -> assertThat(u.ads()).isNotNull());
                assertThat(live.pages()).anySatisfy(p -> assertThat(p.ads()).isNotEmpty());
                assertThat(live.pages()).anySatisfy(p -> assertThat(p.revenueByTier().keySet()).contains("unknown").hasSizeGreaterThan(1));
                byte[] snapshot = ShardStateCodec.encode(live);
                assertThat(ShardStateCodec.encode(ShardStateCodec.decode(snapshot, SETTINGS))).isEqualTo(snapshot);
                assertThat(ShardStateCodec.decode(snapshot, SETTINGS).usersSorted()).isEqualTo(live.usersSorted());
            }
        }
        ShardState replayed = processor.newState("shardId-000000000002");
        for (byte[] entry : log) {
            processor.replay(replayed, StepLogCodec.decode(entry));
        }
        assertThat(ShardStateCodec.encode(replayed)).isEqualTo(ShardStateCodec.encode(live));
    }

    /** What the log keeps of an accepted event: no page, currency or order id, and the amount only of a counted order. */
    private static AcceptedEvent asLogged(AcceptedEvent a) {
        Event e = a.event();
        Event kept = new Event(e.eventId(), e.type(), e.userId(), e.timestamp(), null, e.productId(), e.quantity(),
                a.orderCounted() ? e.orderId() : null, a.orderCounted() ? e.amount() : null, null, e.adId());
        return new AcceptedEvent(kept, a.partitionKey(), a.orderCounted(), a.customerTier());
    }

    /**
     * Formats older than the previous one (format 1, made by that build: see {@code src/test/resources/codec-v1/README.md})
     * are refused, naming the versions this build reads, rather than loaded with guesses for what they lack.
     */
    @Test
    void formatsOlderThanThePreviousOneAreRefused() {
        assertThatThrownBy(() -> StepLogCodec.decode(resource("v1-log-entry-1.bin"))).isInstanceOf(CorruptStateException.class)
                .hasMessage("log entry has version 1; this build reads versions 3 to 5 (the current ones and the one before them)");
        assertThatThrownBy(() -> ShardStateCodec.decode(resource("v1-snapshot-after-2.bin"), SETTINGS)).isInstanceOf(CorruptStateException.class)
                .hasMessage("shard snapshot has version 1; this build reads versions 2 and 3 (the current one and the one before it)");
    }

    /**
     * Entries and snapshots written before orders were counted in the users' state (snapshot version 2, log
     * format 3: see {@code src/test/resources/codec-v2/README.md}) still load: their counted orders carry no
     * order id, so no user holds them in memory, and a later purchase of such an order asks the order archive.
     */
    @Test
    void snapshotsAndEntriesFromBeforeOrdersWereInTheUsersStateStillLoad() throws Exception {
        StepLog first = StepLogCodec.decode(resource("/codec-v2/v2-log-entry-1.bin"));
        StepLog second = StepLogCodec.decode(resource("/codec-v2/v2-log-entry-2.bin"));
        ShardState snapshot = ShardStateCodec.decode(resource("/codec-v2/v2-snapshot-after-2.bin"), SETTINGS);

        assertThat(first.accepted()).filteredOn(a -> a.event().adId() != null).hasSize(2);
        assertThat(second.accepted()).filteredOn(AcceptedEvent::orderCounted).singleElement().satisfies(a -> {
            assertThat(a.event().amount()).isEqualByComparingTo("19.99");
            assertThat(a.event().orderId()).isNull();
        });
        assertThat(snapshot.usersSorted()).extracting(UserState::userId).containsExactly("u1", "u2");
        assertThat(snapshot.usersSorted()).allSatisfy(u -> assertThat(u.orders()).isEmpty());

        ShardState replayed = processor.newState("shardId-000000000000");
        processor.replay(replayed, first);
        processor.replay(replayed, second);
        assertThat(ShardStateCodec.encode(replayed)).isEqualTo(ShardStateCodec.encode(snapshot));
        Instant at = Instant.parse("2026-11-23T10:06:00Z");
        var prepared = processor.prepare(snapshot, List.of(StreamRecord.valid("7", "u2", at.toEpochMilli(),
                Event.purchase("e7", "u2", at, "o-1", new BigDecimal("19.99"), "USD"))), WatermarkInputs.at(1_800_000_002_000L));
        assertThat(prepared.orderLookups()).containsExactly(new OrderKey("u2", "o-1"));
    }

    private static byte[] resource(String name) throws java.io.IOException {
        String path = name.startsWith("/") ? name : "/codec-v1/" + name;
        try (var in = CodecTest.class.getResourceAsStream(path)) {
            assertThat(in).as("test resource " + path).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aSnapshotUnderOtherSettingsIsRefusedWithBothSettingsNamed() {
        byte[] bytes = ShardStateCodec.encode(processor.newState("s"));
        CoreSettings other = CoreSettings.of(new EventTimeSettings(Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10)));

        assertThatThrownBy(() -> ShardStateCodec.decode(bytes, other)).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("watermarkDelay=PT2M").hasMessageContaining("watermarkDelay=PT3M").hasMessageContaining("fresh state");
    }

    @Test
    void damagedBytesFailWithAClearMessageNotAWrongState() {
        ShardState state = processor.newState("shardId-000000000001");
        run(state, traffic(5, 10, 200), 40, 5);
        byte[] bytes = ShardStateCodec.encode(state);

        assertThatThrownBy(() -> ShardStateCodec.decode(Arrays.copyOf(bytes, bytes.length / 2), SETTINGS))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("shard snapshot");
        assertThatThrownBy(() -> StepLogCodec.decode(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("log entry");
        assertThatThrownBy(() -> StepLogCodec.decode(Envelope.write(g -> g.writeNumberField("v", 99))))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("version 99");
    }

    @Test
    void anEntryOnlyAppliesToTheStateItFollows() {
        ShardState state = processor.newState("shardId-000000000001");
        StepLog first = processor.tick(state, WatermarkInputs.at(1)).log();

        assertThatThrownBy(() -> processor.replay(state, first)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("log entry 1 does not follow this state, which is after step 1");
    }

    @Test
    void onlyEventIdsInCanonicalUuidFormAreStoredAsSixteenBytes() {
        String uuid = "0b5e3c9e-2f4a-4c7e-9d1a-6f2b8e4c1a3d";

        assertThat(EventIds.parseCanonicalUuid(uuid)).isEqualTo(java.util.UUID.fromString(uuid));
        assertThat(EventIds.parseCanonicalUuid(uuid).toString()).isEqualTo(uuid);
        assertThat(EventIds.parseCanonicalUuid(uuid.toUpperCase())).isNull(); // would not print back the same: kept as text
        assertThat(EventIds.parseCanonicalUuid("evt-1")).isNull();
        assertThat(EventIds.parseCanonicalUuid("0b5e3c9e+2f4a-4c7e-9d1a-6f2b8e4c1a3d")).isNull();
    }
}

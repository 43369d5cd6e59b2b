package io.tidemark.cli.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.stream.HashKeyRange;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a put did to the order of a stream, read back shard by shard: for each record, the disorder
 * it meets — the largest event time before it minus its own — on its shard (after the shard's
 * parents, for a child of a split) against the same in the input over that shard's hash keys.
 *
 * @param shardId        the shard
 * @param records        records read from it (its parents' not counted)
 * @param inputDisorder  the largest disorder a record of the shard meets in the input
 * @param streamDisorder the largest disorder a record of the shard meets on the stream
 * @param addedDisorder  the largest disorder the put added to one record: stream's minus input's
 * @param keysOutOfOrder records that landed after a later record of their key
 */
public record ShardOrder(String shardId, int records, Duration inputDisorder, Duration streamDisorder, Duration addedDisorder,
                         int keysOutOfOrder) {

    /** A record as the input has it and as it lands: {@code event_id}, {@code user_id} (the partition key), {@code timestamp}. */
    public record Event(String eventId, String userId, Instant time) {

        private static final ObjectMapper JSON = new ObjectMapper();

        static Event parse(byte[] json) {
            try {
                JsonNode node = JSON.readTree(json);
                JsonNode timestamp = node.path("timestamp");
                return new Event(node.path("event_id").asText(null), node.path("user_id").asText(null),
                        timestamp.isTextual() ? Instant.parse(timestamp.asText()) : null);
            } catch (IOException | RuntimeException notAnEvent) {
                return new Event(null, null, null);
            }
        }
    }

    /** The stream's records, shard by shard in sequence order, and its shards (parents before children). */
    public record ReadBack(List<Shard> shards, Map<String, List<Event>> byShard) {

        public List<Event> all() {
            return byShard.values().stream().flatMap(List::stream).toList();
        }

        /** Each shard's order: the input is every line put, in input order (lines that are not events are skipped). */
        public List<ShardOrder> measure(List<byte[]> input) {
            List<Event> events = input.stream().map(Event::parse).filter(e -> e.eventId() != null).toList();
            List<ShardOrder> out = new ArrayList<>();
            for (Shard shard : shards) {
                List<Event> parents = new ArrayList<>();
                Shard root = shard;
                for (Shard s = parentOf(shard); s != null; s = parentOf(s)) {
                    parents.addAll(0, byShard.getOrDefault(s.shardId(), List.of()));
                    root = s;
                }
                HashKeyRange domain = range(root);
                List<Event> inputOfDomain = events.stream().filter(e -> e.userId() != null && domain.holds(e.userId())).toList();
                out.add(ShardOrder.of(shard.shardId(), inputOfDomain, parents, byShard.getOrDefault(shard.shardId(), List.of())));
            }
            return out;
        }

        private Shard parentOf(Shard shard) {
            if (shard.parentShardId() == null || shard.adjacentParentShardId() != null) {
                return null; // an original shard, or a merge (whose parents are measured on their own)
            }
            return shards.stream().filter(s -> s.shardId().equals(shard.parentShardId())).findFirst().orElse(null);
        }
    }

    /** Reads every shard from its start. */
    public static ReadBack readBack(KinesisClient kinesis, String stream) {
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            var listed = page == null ? kinesis.listShards(b -> b.streamName(stream)) : kinesis.listShards(b -> b.nextToken(page));
            shards.addAll(listed.shards());
            token = listed.nextToken();
        } while (token != null);
        shards.sort(Comparator.comparing(Shard::shardId));
        Map<String, List<Event>> byShard = new LinkedHashMap<>();
        for (Shard shard : shards) {
            List<Event> events = new ArrayList<>();
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                for (Record r : page.records()) {
                    events.add(Event.parse(r.data().asByteArray()));
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
            byShard.put(shard.shardId(), events);
        }
        return new ReadBack(List.copyOf(shards), byShard);
    }

    /**
     * @param input   the input over the hash keys of the shard (of its first parent, for a child of a split), in input order
     * @param parents the records on the shard's parents, in the order the pipeline reads them
     * @param own     the records on the shard, in sequence order
     */
    static ShardOrder of(String shardId, List<Event> input, List<Event> parents, List<Event> own) {
        List<Event> landed = new ArrayList<>(parents);
        landed.addAll(own);
        Map<String, Duration> inputDisorder = disorder(input);
        Map<String, Duration> streamDisorder = disorder(landed);
        Map<String, Integer> positionInInput = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            positionInInput.putIfAbsent(input.get(i).eventId(), i);
        }
        Duration maxInput = Duration.ZERO;
        Duration maxStream = Duration.ZERO;
        Duration maxAdded = Duration.ZERO;
        int keysOutOfOrder = 0;
        Map<String, Integer> lastOfKey = new HashMap<>();
        for (int i = 0; i < landed.size(); i++) {
            Event e = landed.get(i);
            Integer position = positionInInput.get(e.eventId());
            Integer before = position == null ? null : lastOfKey.put(e.userId(), position);
            boolean onThisShard = i >= parents.size();
            if (onThisShard && before != null && before > position) {
                keysOutOfOrder++;
            }
            if (!onThisShard || e.time() == null || position == null) {
                continue;
            }
            Duration inInput = inputDisorder.get(e.eventId());
            Duration onStream = streamDisorder.get(e.eventId());
            maxInput = max(maxInput, inInput);
            maxStream = max(maxStream, onStream);
            maxAdded = max(maxAdded, onStream.minus(inInput));
        }
        return new ShardOrder(shardId, own.size(), maxInput, maxStream, maxAdded, keysOutOfOrder);
    }

    /** Per event id: the largest event time before it in this sequence minus its own (zero if none is later). */
    private static Map<String, Duration> disorder(List<Event> sequence) {
        Map<String, Duration> out = new HashMap<>();
        Instant highWater = null;
        for (Event e : sequence) {
            if (e.time() == null) {
                continue;
            }
            Duration behind = highWater != null && highWater.isAfter(e.time()) ? Duration.between(e.time(), highWater) : Duration.ZERO;
            out.putIfAbsent(e.eventId(), behind);
            if (highWater == null || e.time().isAfter(highWater)) {
                highWater = e.time();
            }
        }
        return out;
    }

    private static HashKeyRange range(Shard shard) {
        return HashKeyRange.of(shard.hashKeyRange().startingHashKey(), shard.hashKeyRange().endingHashKey());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return String.format("%s: %d records, disorder in the input ≤ %.3f s, on the stream ≤ %.3f s, added ≤ %.3f s, %d out of key order",
                shardId, records, inputDisorder.toMillis() / 1e3, streamDisorder.toMillis() / 1e3, addedDisorder.toMillis() / 1e3,
                keysOutOfOrder);
    }
}

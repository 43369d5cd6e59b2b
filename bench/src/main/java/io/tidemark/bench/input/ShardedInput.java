package io.tidemark.bench.input;

import io.tidemark.core.stream.SourceRecord;
import io.tidemark.events.PartitionKeys;
import io.tidemark.local.KinesisSharding;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * JSON Lines cut the way a Kinesis event source mapping delivers them: each line goes to the shard
 * of its partition key ({@code user_id}, MD5 over equal hash-key ranges, as Kinesis does), and a
 * shard's records are handed over in full batches of {@code batchSize} as they arrive — a busy
 * stream — with the rest of every shard at the end.
 */
public final class ShardedInput {

    private ShardedInput() {
    }

    /** Calls {@code invoke(shardId, batch)} for every batch, in the order a steady stream fills them, all arriving now. */
    public static void feed(List<String> lines, int shards, int batchSize, BiConsumer<String, List<SourceRecord>> invoke) {
        feed(lines, shards, batchSize, Instant.now(), invoke);
    }

    /** As {@link #feed(List, int, int, BiConsumer)}, every record arriving at {@code arrival}. */
    public static void feed(List<String> lines, int shards, int batchSize, Instant arrival, BiConsumer<String, List<SourceRecord>> invoke) {
        List<List<SourceRecord>> pending = new ArrayList<>();
        long[] sequence = new long[shards];
        for (int i = 0; i < shards; i++) {
            pending.add(new ArrayList<>());
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            byte[] data = line.getBytes(StandardCharsets.UTF_8);
            String key = PartitionKeys.of(data);
            int shard = KinesisSharding.shardIndex(key, shards);
            // Kinesis sequence numbers are long decimal strings that grow along a shard.
            String seq = String.format("4960%04d%020d", shard, ++sequence[shard]);
            List<SourceRecord> batch = pending.get(shard);
            batch.add(new SourceRecord(KinesisSharding.shardId(shard), seq, key, data, arrival));
            if (batch.size() == batchSize) {
                invoke.accept(KinesisSharding.shardId(shard), List.copyOf(batch));
                batch.clear();
            }
        }
        for (int shard = 0; shard < shards; shard++) {
            if (!pending.get(shard).isEmpty()) {
                invoke.accept(KinesisSharding.shardId(shard), List.copyOf(pending.get(shard)));
            }
        }
    }
}

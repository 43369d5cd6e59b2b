package io.tidemark.cli.kinesis;

import io.tidemark.core.stream.HashKeyRange;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The open shards of a stream and their hash-key ranges, from {@code ListShards} (every page). */
final class ShardListing {

    private ShardListing() {
    }

    /** @param stream a stream name, or its ARN */
    static CompletableFuture<List<ShardLanes.OpenShard>> open(KinesisAsyncClient kinesis, String stream) {
        ListShardsRequest first = stream.startsWith("arn:") ? ListShardsRequest.builder().streamARN(stream).build()
                : ListShardsRequest.builder().streamName(stream).build();
        return pages(kinesis, first, new ArrayList<>());
    }

    private static CompletableFuture<List<ShardLanes.OpenShard>> pages(KinesisAsyncClient kinesis, ListShardsRequest request,
                                                                      List<ShardLanes.OpenShard> open) {
        return kinesis.listShards(request).thenCompose(page -> {
            // A closed shard (split or merged away) has an ending sequence number.
            page.shards().stream()
                    .filter(s -> s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null)
                    .forEach(s -> open.add(new ShardLanes.OpenShard(s.shardId(),
                            HashKeyRange.of(s.hashKeyRange().startingHashKey(), s.hashKeyRange().endingHashKey()))));
            if (page.nextToken() == null) {
                return CompletableFuture.completedFuture(open);
            }
            // A next page names no stream: the token carries it.
            return pages(kinesis, ListShardsRequest.builder().nextToken(page.nextToken()).build(), open);
        });
    }
}

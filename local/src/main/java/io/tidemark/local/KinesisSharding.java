package io.tidemark.local;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How Kinesis maps a partition key to a shard: the MD5 of the key, read as an unsigned 128-bit
 * integer, falls in exactly one shard's hash-key range. Used by the in-process feed of
 * {@code tidemark local} (even ranges, as CreateStream makes them) and by tests that check records
 * landed on the right shard.
 */
public final class KinesisSharding {

    private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);

    private KinesisSharding() {
    }

    /** The partition key's hash key, 0 ≤ h < 2^128. */
    public static BigInteger hashKey(String partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** The index of the shard whose range holds the key, for {@code shards} equal ranges. */
    public static int shardIndex(String partitionKey, int shards) {
        return hashKey(partitionKey).multiply(BigInteger.valueOf(shards)).divide(HASH_SPACE).intValueExact();
    }

    /** Kinesis-style shard id: {@code shardId-000000000003}. */
    public static String shardId(int index) {
        return String.format("shardId-%012d", index);
    }

    /** True if {@code hashKey} is within the inclusive range of a shard (as ListShards reports it). */
    public static boolean inRange(BigInteger hashKey, String startingHashKey, String endingHashKey) {
        return hashKey.compareTo(new BigInteger(startingHashKey)) >= 0 && hashKey.compareTo(new BigInteger(endingHashKey)) <= 0;
    }
}

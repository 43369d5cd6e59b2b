package io.tidemark.core.stream;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A shard's inclusive range of hash keys, as Kinesis assigns them: a record belongs to the shard whose
 * range holds the MD5 of its partition key, read as an unsigned 128-bit integer. A split cuts a range
 * in two at a new starting hash key; a merge joins two adjacent ranges.
 *
 * @param start the range's first hash key
 * @param end   the range's last hash key (inclusive)
 */
public record HashKeyRange(BigInteger start, BigInteger end) {

    /** The largest hash key, 2^128 − 1. */
    public static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    public HashKeyRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.signum() < 0 || end.compareTo(MAX_HASH_KEY) > 0 || start.compareTo(end) > 0) {
            throw new IllegalArgumentException("a hash-key range needs 0 ≤ start ≤ end ≤ 2^128 − 1, got [" + start + ", " + end + "]");
        }
    }

    /** Every hash key: the range of a stream's only shard. */
    public static HashKeyRange all() {
        return new HashKeyRange(BigInteger.ZERO, MAX_HASH_KEY);
    }

    /** From the decimal strings {@code ListShards} reports ({@code StartingHashKey}, {@code EndingHashKey}). */
    public static HashKeyRange of(String startingHashKey, String endingHashKey) {
        return new HashKeyRange(new BigInteger(startingHashKey), new BigInteger(endingHashKey));
    }

    /** The partition key's hash key: MD5 of its UTF-8 bytes, unsigned. */
    public static BigInteger hashKeyOf(String partitionKey) {
        try {
            return new BigInteger(1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** {@code n} ranges of (nearly) equal width covering every hash key, as CreateStream and uniform scaling make them. */
    public static List<HashKeyRange> even(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a stream has at least one shard, got " + n);
        }
        BigInteger space = MAX_HASH_KEY.add(BigInteger.ONE);
        List<HashKeyRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigInteger from = space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n));
            BigInteger to = space.multiply(BigInteger.valueOf(i + 1L)).divide(BigInteger.valueOf(n)).subtract(BigInteger.ONE);
            ranges.add(new HashKeyRange(from, to));
        }
        return ranges;
    }

    /** Which of {@link #even even(n)} ranges holds the partition key: its index, from 0. */
    public static int evenIndexOf(String partitionKey, int n) {
        // Range i starts at floor(2^128·i/n): the last i with that start ≤ h is floor(((h + 1)·n − 1) / 2^128).
        BigInteger h = hashKeyOf(partitionKey);
        return h.add(BigInteger.ONE).multiply(BigInteger.valueOf(n)).subtract(BigInteger.ONE).shiftRight(128).intValueExact();
    }

    public boolean contains(BigInteger hashKey) {
        return hashKey.compareTo(start) >= 0 && hashKey.compareTo(end) <= 0;
    }

    /** Whether records of this partition key belong to this range. */
    public boolean holds(String partitionKey) {
        return contains(hashKeyOf(partitionKey));
    }

    /** The two halves of a split at {@code newStartingHashKey} (the second half's first key), as SplitShard makes them. */
    public List<HashKeyRange> splitAt(BigInteger newStartingHashKey) {
        if (newStartingHashKey.compareTo(start) <= 0 || newStartingHashKey.compareTo(end) > 0) {
            throw new IllegalArgumentException("a split of " + this + " needs a new starting hash key in (" + start + ", " + end + "], got "
                    + newStartingHashKey);
        }
        return List.of(new HashKeyRange(start, newStartingHashKey.subtract(BigInteger.ONE)), new HashKeyRange(newStartingHashKey, end));
    }

    /** This range joined with the one right after it, as MergeShards makes it. */
    public HashKeyRange mergedWith(HashKeyRange next) {
        if (!end.add(BigInteger.ONE).equals(next.start)) {
            throw new IllegalArgumentException("only adjacent ranges merge: " + this + " and " + next);
        }
        return new HashKeyRange(start, next.end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + "]";
    }
}

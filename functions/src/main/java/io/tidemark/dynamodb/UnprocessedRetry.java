package io.tidemark.dynamodb;

import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How batch requests retry what DynamoDB left unprocessed ({@code UnprocessedKeys},
 * {@code UnprocessedItems}: the table or partition was throttled): exponential backoff with full
 * jitter, as the AWS guidance for batch operations says, up to a number of attempts.
 *
 * @param attempts  requests per batch at most (the first included)
 * @param baseDelay the first backoff ceiling; doubled per attempt
 * @param maxDelay  the backoff ceiling
 */
public record UnprocessedRetry(int attempts, Duration baseDelay, Duration maxDelay) {

    /** Still unprocessed after every attempt: an SDK client error, so a handler retries its whole batch later. */
    public static final class ExhaustedException extends SdkClientException {
        ExhaustedException(String message) {
            super(SdkClientException.builder().message(message));
        }
    }

    public UnprocessedRetry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, got " + baseDelay + " and " + maxDelay);
        }
    }

    /** 10 attempts, 50 ms doubling up to 5 s (about 20 s in the worst case). */
    public static UnprocessedRetry defaults() {
        return new UnprocessedRetry(10, Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    /** Sleeps before attempt {@code attempt} (2, 3, …): a random time up to {@code min(max, base · 2^(attempt−2))}. */
    void pauseBefore(int attempt) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(30, attempt - 2));
        if (ceiling <= 0) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExhaustedException("interrupted while backing off before retrying unprocessed items");
        }
    }
}

package io.tidemark.dynamodb;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiringLruCacheTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void anEntryIsServedUntilItsTtlHasPassedSinceItWasWritten() {
        ExpiringLruCache<String, String> cache = new ExpiringLruCache<>(10, Duration.ofMinutes(5), nanos::get);
        cache.put("u1", "gold");

        nanos.addAndGet(Duration.ofMinutes(5).minusNanos(1).toNanos());
        assertThat(cache.getIfPresent("u1")).as("a read does not extend the TTL").isEqualTo("gold");
        nanos.addAndGet(1);
        assertThat(cache.getIfPresent("u1")).isNull();
        assertThat(cache.size()).as("the expired entry is gone").isZero();
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUsedEntryGoes() {
        ExpiringLruCache<String, String> cache = new ExpiringLruCache<>(2, Duration.ofMinutes(5), nanos::get);
        cache.put("a", "1");
        cache.put("b", "2");
        assertThat(cache.getIfPresent("a")).isEqualTo("1"); // now b is the least recently used
        cache.put("c", "3");

        assertThat(cache.getIfPresent("b")).isNull();
        assertThat(cache.getIfPresent("a")).isEqualTo("1");
        assertThat(cache.getIfPresent("c")).isEqualTo("3");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aWriteRestartsTheTtl() {
        ExpiringLruCache<String, String> cache = new ExpiringLruCache<>(10, Duration.ofSeconds(10), nanos::get);
        cache.put("u1", "gold");
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        cache.put("u1", "platinum");
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());

        assertThat(cache.getIfPresent("u1")).isEqualTo("platinum");
    }

    @Test
    void aBoundOrTtlThatCannotHoldAnythingIsRefused() {
        assertThatThrownBy(() -> new ExpiringLruCache<String, String>(0, Duration.ofMinutes(1), nanos::get)).hasMessageContaining("maxEntries");
        assertThatThrownBy(() -> new ExpiringLruCache<String, String>(1, Duration.ZERO, nanos::get)).hasMessageContaining("ttl");
    }
}

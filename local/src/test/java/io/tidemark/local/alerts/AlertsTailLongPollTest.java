package io.tidemark.local.alerts;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The long poll of each receive: never a wait of 0, so the last second of a timeout does not spin. */
class AlertsTailLongPollTest {

    @Test
    void underASecondLeftStillWaitsASecond() {
        assertEquals(1, AlertsTail.longPollSeconds(Duration.ofMillis(999).toNanos()));
        assertEquals(1, AlertsTail.longPollSeconds(Duration.ofMillis(1).toNanos()));
    }

    @Test
    void partSecondsRoundUp() {
        assertEquals(1, AlertsTail.longPollSeconds(Duration.ofSeconds(1).toNanos()));
        assertEquals(2, AlertsTail.longPollSeconds(Duration.ofMillis(1_001).toNanos()));
        assertEquals(7, AlertsTail.longPollSeconds(Duration.ofMillis(6_500).toNanos()));
    }

    @Test
    void atMostTwentySecondsAsSqsAllows() {
        assertEquals(20, AlertsTail.longPollSeconds(Duration.ofSeconds(20).toNanos()));
        assertEquals(20, AlertsTail.longPollSeconds(Duration.ofDays(365).toNanos()));
    }
}

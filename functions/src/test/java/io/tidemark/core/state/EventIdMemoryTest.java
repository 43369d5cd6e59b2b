package io.tidemark.core.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdMemoryTest {

    private static final long MINUTE = 60_000;
    private static final String UUID_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";
    private static final String UPPER_CASE_UUID = "0F8FAD5B-D9CB-469F-A165-70867728950E"; // not canonical: another id

    @Test
    void anIdIsRememberedUntilTheHorizonPassesTheEndOfItsMinute() {
        EventIdMemory ids = new EventIdMemory();
        for (String id : List.of(UUID_ID, NIL_UUID, "evt-1")) {
            ids.remember(id, 10 * MINUTE + 30_000);
        }
        assertThat(ids.size()).isEqualTo(3);
        for (String id : List.of(UUID_ID, NIL_UUID, "evt-1")) {
            assertThat(ids.contains(id, 11 * MINUTE - 1)).as(id).isTrue();
            assertThat(ids.contains(id, 11 * MINUTE)).as("judged by the minute, before it is dropped: %s", id).isFalse();
        }
        assertThat(ids.contains(UPPER_CASE_UUID, 0)).isFalse();

        ids.forgetBefore(11 * MINUTE - 1);
        assertThat(ids.size()).isEqualTo(3);
        ids.forgetBefore(11 * MINUTE);
        assertThat(ids.size()).isZero();
        assertThat(ids.contains(UUID_ID, Long.MIN_VALUE)).isFalse();
    }

    @Test
    void anIdAcceptedAgainInALaterMinuteMovesThere() {
        EventIdMemory ids = new EventIdMemory();
        ids.remember(UUID_ID, 10 * MINUTE);
        ids.remember("evt-1", 10 * MINUTE);
        ids.remember(UUID_ID, 12 * MINUTE);
        ids.remember("evt-1", 12 * MINUTE);

        ids.forgetBefore(11 * MINUTE);
        assertThat(ids.contains(UUID_ID, 11 * MINUTE)).isTrue();
        assertThat(ids.contains("evt-1", 11 * MINUTE)).isTrue();
        assertThat(minutes(ids)).containsExactly("720000: [" + UUID_ID + "] [evt-1]");
    }

    @Test
    void minutesListUuidIdsThenOtherIdsEachInAcceptanceOrder() {
        EventIdMemory ids = new EventIdMemory();
        String second = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        ids.remember("b", 5);
        ids.remember(UUID_ID, 7);
        ids.remember("a", 8);
        ids.remember(second, 9);
        ids.remember(UPPER_CASE_UUID, MINUTE);

        assertThat(minutes(ids)).containsExactly("0: [" + UUID_ID + ", " + second + "] [b, a]", "60000: [] [" + UPPER_CASE_UUID + "]");
    }

    private static List<String> minutes(EventIdMemory ids) {
        List<String> out = new ArrayList<>();
        ids.forEachMinute((start, uuids, count, others) -> {
            List<String> u = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                u.add(new UUID(uuids[2 * i], uuids[2 * i + 1]).toString());
            }
            out.add(start + ": " + u + " " + others);
        });
        return out;
    }
}

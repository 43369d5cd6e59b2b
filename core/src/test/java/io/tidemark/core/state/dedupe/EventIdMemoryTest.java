package io.tidemark.core.state.dedupe;

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

    /**
     * Over many minutes of ids (some accepted again later), the memory answers exactly like a map
     * of the ids not forgotten, and forgetting keeps the table the size the remembered ids need.
     */
    @Test
    void forgottenIdsAreGoneAndTheTableStaysBounded() {
        EventIdMemory ids = new EventIdMemory();
        java.util.Random rnd = new java.util.Random(7);
        java.util.Map<UUID, Long> reference = new java.util.HashMap<>(); // id -> minute, ids not forgotten
        List<UUID> seen = new ArrayList<>();
        int peak = 0;
        for (int minute = 0; minute < 120; minute++) {
            for (int i = 0; i < 2_000; i++) {
                UUID id = !seen.isEmpty() && rnd.nextInt(50) == 0 ? seen.get(rnd.nextInt(seen.size())) : new UUID(rnd.nextLong(), rnd.nextLong());
                Long remembered = reference.get(id);
                if (remembered != null && remembered == minute) {
                    continue; // classification never accepts an id twice in the minutes it is remembered
                }
                ids.remember(id.toString(), minute * MINUTE + rnd.nextInt(60_000));
                reference.put(id, (long) minute);
                seen.add(id);
            }
            peak = Math.max(peak, reference.size());
            long horizon = (minute - 5) * MINUTE; // keep five minutes
            ids.forgetBefore(horizon);
            reference.values().removeIf(m -> (m + 1) * MINUTE <= horizon);
            assertThat(ids.size()).as("after minute %d", minute).isEqualTo(reference.size());
        }
        for (UUID id : seen) {
            Long minute = reference.get(id);
            assertThat(ids.rememberedMinute(id.toString())).as("%s", id).isEqualTo(minute == null ? EventIdMemory.NOT_REMEMBERED : minute);
        }
        // ~14 000 remembered at a time, 240 000 over the run: a quarter full at most, the table is
        // the power of two in (4·peak, 8·peak].
        assertThat(ids.tableCapacity()).isLessThanOrEqualTo(2 * Integer.highestOneBit(4 * peak));
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

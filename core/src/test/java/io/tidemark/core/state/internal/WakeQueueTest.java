package io.tidemark.core.state.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WakeQueueTest {

    private static final long MINUTE = 60_000;

    @Test
    void aHorizonWakesWhatIsDueInMinuteOrderAndKeepsTheRest() {
        WakeQueue<String> queue = new WakeQueue<>();
        String a = "a";
        String b = "b";
        String c = "c";
        queue.add(3 * MINUTE + 10, c);
        queue.add(MINUTE + 500, a);
        queue.add(MINUTE + 40_000, b); // same minute as a, after the first horizon
        queue.add(MINUTE + 20, c);
        List<String> woken = new ArrayList<>();

        queue.drainDue(MINUTE + 30_000, (at, user) -> woken.add(user + "@" + at));
        assertThat(woken).containsExactlyInAnyOrder("a@60500", "c@60020");

        woken.clear();
        queue.drainDue(MINUTE + 30_000, (at, user) -> woken.add(user + "@" + at));
        assertThat(woken).as("each wake-up once").isEmpty();

        queue.drainDue(4 * MINUTE, (at, user) -> woken.add(user + "@" + at));
        assertThat(woken).containsExactly("b@100000", "c@180010");
    }

    @Test
    void aWakeUpQueuedWhileTheHorizonsMinuteIsDrainedIsKeptForLater() {
        WakeQueue<String> queue = new WakeQueue<>();
        String a = "a";
        queue.add(MINUTE + 100, a);
        List<Long> woken = new ArrayList<>();
        long horizon = MINUTE + 1_000;

        queue.drainDue(horizon, (at, user) -> {
            woken.add(at);
            queue.add(horizon + 1, user); // the next wake-up, in the minute being drained
        });
        assertThat(woken).containsExactly(MINUTE + 100);

        queue.drainDue(horizon + 1, (at, user) -> woken.add(at));
        assertThat(woken).containsExactly(MINUTE + 100, horizon + 1);
    }
}

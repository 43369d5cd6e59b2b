package io.tidemark.bench.cost;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulation behind docs/state.md's 30-day figures, shortened: every order counts once whether its
 * repeat came while its user's orders were in memory or after they left for the archive.
 */
class ThirtyDaySimulationTest {

    @Test
    void everyOrderCountsOnceWhenItsRepeatComesAfterItsUserLeftMemory() {
        // A one-hour order memory: repeats come ~20 h apart, so nearly all of them reach the archive.
        ThirtyDaySimulation.Result r = ThirtyDaySimulation.run(3, 2, 4, Duration.ofHours(1), 7);

        assertThat(r.ordersCounted()).as("each distinct order counted once").isEqualTo(r.ordersSent());
        assertThat(r.repeatsSent()).as("repeated orders were sent").isPositive();
        assertThat(r.archiveHits()).as("repeats decided by the archive").isPositive();
        assertThat(r.samples()).extracting(ThirtyDaySimulation.Sample::day).endsWith(3);
    }

    @Test
    void theStateStaysBoundedAsCustomersComeAndGo() {
        ThirtyDaySimulation.Result r = ThirtyDaySimulation.run(6, 2, 4, Duration.ofHours(24), 7);

        assertThat(r.ordersCounted()).isEqualTo(r.ordersSent());
        ThirtyDaySimulation.Sample last = r.samples().get(r.samples().size() - 1);
        assertThat((long) last.usersInState()).as("users who went quiet left the state").isLessThan(r.users() / 5);
        assertThat(last.ordersInMemory()).as("orders older than the order memory left it").isLessThan(r.ordersSent() / 3);
        assertThat(r.archivedOrders()).as("and went to the archive").isGreaterThan(r.ordersSent() / 2);
    }
}

package io.tidemark.core.history;

import io.tidemark.core.report.Report;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.events.Event;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticTraffic;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point-in-time state is the pipeline's semantics, not a separate toy: rebuilt after the last
 * event, every user's carts and sessions are what the brute-force reference computes from the whole
 * stream; and the past never changes — the carts closed by any instant are the first carts of the
 * final history.
 */
class PointInTimeEqualsReferenceProperties {

    @Property(tries = 60)
    void afterTheLastEventEveryUsersCartsAndSessionsAreTheReferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 15) int users,
                                                                     @ForAll @IntRange(min = 1, max = 300) int events) {
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(users).withEvents(events));
        Report reference = ReferencePipeline.run(records);
        List<Event> valid = records.stream().filter(StreamRecord::isValid).map(StreamRecord::event).toList();
        Instant end = valid.stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow().plus(Duration.ofHours(1));
        Set<String> userIds = new TreeSet<>();
        valid.forEach(e -> userIds.add(e.userId()));
        for (String user : userIds) {
            UserHistory history = new UserHistory(user, valid, ViewSettings.spec());
            List<Report.Abandonment> abandoned = history.cartAsOf(end).carts().stream()
                    .filter(c -> c.outcome() == CartEpisode.Outcome.ABANDONED)
                    .map(c -> new Report.Abandonment(c.alertId(), user, c.opened(), c.lastActivity(), List.copyOf(c.quantities().keySet())))
                    .toList();
            assertThat(abandoned).as("abandoned carts of %s", user)
                    .isEqualTo(reference.cartAbandonments().stream().filter(a -> a.userId().equals(user)).toList());
            List<Report.UserSession> sessions = history.sessionsAsOf(end).sessions().stream()
                    .map(s -> new Report.UserSession(user, s.sessionStart(), s.lastEvent(), s.events())).toList();
            assertThat(sessions).as("sessions of %s", user)
                    .isEqualTo(reference.sessions().stream().filter(s -> s.userId().equals(user)).toList());
        }
    }

    @Property(tries = 60)
    void theCartsClosedByAnyInstantAreTheFirstCartsOfTheFinalHistory(@ForAll long seed, @ForAll @IntRange(min = 0, max = 240) int minute) {
        List<StreamRecord> records = SyntheticTraffic.generate(SyntheticTraffic.Options.small(seed).withUsers(3).withEvents(200));
        List<Event> valid = records.stream().filter(StreamRecord::isValid).map(StreamRecord::event).toList();
        Instant first = valid.stream().map(Event::timestamp).min(Instant::compareTo).orElseThrow();
        Instant t = first.plus(Duration.ofMinutes(minute));
        for (String user : valid.stream().map(Event::userId).distinct().toList()) {
            UserHistory history = new UserHistory(user, valid, ViewSettings.spec());
            List<CartEpisode> all = history.cartAsOf(Instant.parse("2100-01-01T00:00:00Z")).carts();
            CartAsOf then = history.cartAsOf(t);
            List<CartEpisode> closed = then.carts().stream().filter(c -> c.outcome() != CartEpisode.Outcome.OPEN).toList();
            assertThat(all.subList(0, closed.size())).as("%s as of %s", user, t).isEqualTo(closed);
            then.open().ifPresent(open -> {
                assertThat(all.size()).isGreaterThan(closed.size());
                assertThat(all.get(closed.size()).opened()).isEqualTo(open.opened());
                assertThat(open.deadline()).isAfter(t);
            });
        }
    }
}

package io.tidemark.core.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user's cart as of an instant, rebuilt from the user's events with event time at or before it:
 * every cart so far in order, the last one open if the user has an open cart then.
 *
 * @param eventsApplied cart events ({@code add_to_cart}, {@code remove_from_cart}, {@code purchase}) up to the instant
 */
public record CartAsOf(String userId, Instant asOf, long eventsApplied, List<CartEpisode> carts) {

    public CartAsOf {
        carts = List.copyOf(carts);
    }

    /** The open cart at {@code asOf}, if any. */
    public Optional<CartEpisode> open() {
        return carts.isEmpty() || carts.get(carts.size() - 1).outcome() != CartEpisode.Outcome.OPEN
                ? Optional.empty() : Optional.of(carts.get(carts.size() - 1));
    }
}

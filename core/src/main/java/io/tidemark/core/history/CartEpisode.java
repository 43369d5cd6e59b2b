package io.tidemark.core.history;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One cart of one user, from its first {@code add_to_cart} to its purchase, its abandonment or the
 * instant asked about.
 *
 * @param opened       first add
 * @param lastActivity last add or remove
 * @param deadline     {@code last_activity + 30 min}: when it is (or was) abandoned without a purchase
 * @param quantities   net quantity per product still in the cart (above zero), sorted
 * @param outcome      open, converted or abandoned
 * @param closedAt     the purchase or the deadline; {@code null} while open
 * @param alertId      the abandonment alert's id (the same as the pipeline's); {@code null} otherwise
 */
public record CartEpisode(Instant opened, Instant lastActivity, Instant deadline, Map<String, Integer> quantities, Outcome outcome,
                          Instant closedAt, String alertId) {

    public enum Outcome { OPEN, CONVERTED, ABANDONED }

    public CartEpisode {
        Objects.requireNonNull(opened, "opened");
        Objects.requireNonNull(lastActivity, "lastActivity");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(outcome, "outcome");
        TreeMap<String, Integer> kept = new TreeMap<>();
        quantities.forEach((product, n) -> {
            if (n > 0) {
                kept.put(product, n);
            }
        });
        quantities = java.util.Collections.unmodifiableMap(kept);
    }
}

package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An abandoned cart: the alert the pipeline records exactly once and publishes to SNS.
 *
 * @param alertId     deterministic: {@link #alertIdFor(String, Instant)}, the same on every retry
 * @param userId      the user
 * @param cartOpened  the {@code add_to_cart} that opened the cart
 * @param lastActivity the last {@code add_to_cart}/{@code remove_from_cart} of the cart
 * @param abandonedAt when the timer fired in event time: {@code last_activity + cart timeout}
 * @param products    product ids with net quantity above zero, sorted
 */
public record CartAbandonment(String alertId, String userId, Instant cartOpened, Instant lastActivity, Instant abandonedAt,
                              List<String> products) {

    /** docs/spec.md §5 order: by {@code cart_opened}, then {@code user_id}. */
    public static final Comparator<CartAbandonment> REPORT_ORDER =
            Comparator.comparing(CartAbandonment::cartOpened).thenComparing(CartAbandonment::userId);

    public CartAbandonment {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(cartOpened, "cartOpened");
        Objects.requireNonNull(lastActivity, "lastActivity");
        Objects.requireNonNull(abandonedAt, "abandonedAt");
        products = List.copyOf(products);
    }

    /**
     * A name-based (type 3) UUID of the user and the instant the cart opened. A user has at most one
     * abandoned cart opened at a given instant (the next cart opens at or after the abandonment), so
     * the id is unique per alert and identical on every retry, replay and shard.
     */
    public static String alertIdFor(String userId, Instant cartOpened) {
        // Event times are whole milliseconds; the fast format gives Instant.toString's text for them.
        String opened = cartOpened.getNano() % 1_000_000 == 0 ? Timestamps.isoInstant(cartOpened.toEpochMilli()) : cartOpened.toString();
        String name = "tidemark/cart-abandonment/" + userId + "/" + opened;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package io.tidemark.core;

import java.util.List;
import java.util.Map;

/**
 * Resolves order-id claims: for each requested order id, the event id that owns it (the requester
 * if it was unclaimed or already its own). Implemented by the shell over DynamoDB, and in memory by
 * {@link InMemoryOrderClaims}.
 */
@FunctionalInterface
public interface OrderClaimRegistry {

    /** Claims every order id of {@code claims} (distinct order ids) and returns order id → winning event id. */
    Map<String, String> claim(List<OrderClaim> claims);
}

package io.tidemark.core.enrich;

import java.util.Objects;

/**
 * A customer profile from the customers table, the "table" side of the stream-table join that
 * enriches purchases.
 *
 * @param userId the customer's {@code user_id} (the key)
 * @param tier   the customer's tier, such as {@code gold}; never {@value #UNKNOWN_TIER}, which stands
 *               for a customer who is not in the table
 * @param region the customer's region, or {@code null} if the table has none
 */
public record Customer(String userId, String tier, String region) {

    /** The tier a purchase counts under when its customer is not in the customers table. */
    public static final String UNKNOWN_TIER = "unknown";
    /** Longest tier or region accepted (they end up in view rows and metric dimensions). */
    public static final int MAX_LABEL_LENGTH = 64;

    public Customer {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tier, "tier");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("user_id: must not be empty");
        }
        String problem = tierProblem(tier);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (region != null && (region.isBlank() || region.length() > MAX_LABEL_LENGTH)) {
            throw new IllegalArgumentException("region: must be 1–" + MAX_LABEL_LENGTH + " characters when given, got '" + region + "'");
        }
    }

    /** Why {@code tier} cannot be a customer's tier, naming the field, or {@code null} if it can. */
    public static String tierProblem(String tier) {
        if (tier == null || tier.isBlank()) {
            return "tier: required, such as 'gold'";
        }
        if (tier.length() > MAX_LABEL_LENGTH) {
            return "tier: at most " + MAX_LABEL_LENGTH + " characters, got " + tier.length();
        }
        if (tier.equals(UNKNOWN_TIER)) {
            return "tier: '" + UNKNOWN_TIER + "' is reserved for purchases by customers who are not in the customers table";
        }
        return null;
    }
}

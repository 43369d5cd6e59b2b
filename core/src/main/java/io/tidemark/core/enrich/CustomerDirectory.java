package io.tidemark.core.enrich;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Looks customers up by user id: the shell implements it over the DynamoDB customers table (batched
 * reads behind a per-container cache), tests and in-process runs in memory
 * ({@link InMemoryCustomerDirectory}). What a step looked up is logged with the step, so replaying
 * the log never looks anything up again.
 */
@FunctionalInterface
public interface CustomerDirectory {

    /** No customers table: every purchase counts under {@link Customer#UNKNOWN_TIER}. */
    CustomerDirectory NONE = userIds -> Map.of();

    /** The customers among {@code userIds} (distinct) that exist, by user id; unknown ones are left out. */
    Map<String, Customer> lookup(Collection<String> userIds);

    /** The tier of every one of {@code userIds}: {@link Customer#UNKNOWN_TIER} for those not found. */
    default Map<String, String> tiers(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Customer> found = lookup(userIds);
        Map<String, String> tiers = new LinkedHashMap<>();
        for (String user : userIds) {
            Customer c = found.get(user);
            tiers.put(user, c == null ? Customer.UNKNOWN_TIER : c.tier());
        }
        return tiers;
    }
}

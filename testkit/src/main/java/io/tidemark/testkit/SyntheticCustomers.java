package io.tidemark.testkit;

import io.tidemark.core.enrich.Customer;
import io.tidemark.core.stream.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/** A seeded customers table for the users of some traffic: most users have a tier, some are not in the table (unknown). */
public final class SyntheticCustomers {

    private static final String[] TIERS = {"gold", "silver", "bronze"};
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};

    private SyntheticCustomers() {
    }

    /** About {@code knownShare} of the users of {@code records}, each with a random tier and region. */
    public static List<Customer> of(List<StreamRecord> records, double knownShare, long seed) {
        TreeSet<String> users = new TreeSet<>();
        for (StreamRecord r : records) {
            if (r.isValid()) {
                users.add(r.event().userId());
            }
        }
        Random rnd = new Random(seed);
        List<Customer> out = new ArrayList<>();
        for (String user : users) {
            if (rnd.nextDouble() < knownShare) {
                out.add(new Customer(user, TIERS[rnd.nextInt(TIERS.length)], rnd.nextInt(4) == 0 ? null : REGIONS[rnd.nextInt(REGIONS.length)]));
            }
        }
        return out;
    }

    /** user id → tier, as the reference takes the table. */
    public static Map<String, String> tiers(List<Customer> customers) {
        Map<String, String> tiers = new TreeMap<>();
        customers.forEach(c -> tiers.put(c.userId(), c.tier()));
        return tiers;
    }
}

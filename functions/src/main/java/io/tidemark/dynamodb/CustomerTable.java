package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.CustomerDirectory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The customers table ({@code pk = customer#<user_id>}, {@code sk = profile}; attributes
 * {@code user_id}, {@code tier}, {@code region}, {@code loaded_at}): the table side of the
 * stream-table join. Lookups are {@code BatchGetItem}s of up to 100 keys (eventually consistent:
 * half the read cost; a profile loaded a second ago may be missed once), loads are
 * {@code BatchWriteItem}s of 25 puts; both retry what DynamoDB leaves unprocessed
 * ({@link UnprocessedRetry}). A stored item without a valid tier reads as an unknown customer, so a
 * hand-edited item can never block the stream.
 */
public final class CustomerTable implements CustomerDirectory {

    static final String PREFIX = "customer#";
    static final String SORT_KEY = "profile";
    static final int GET_BATCH = 100;
    static final int PUT_BATCH = 25;

    private final ItemStore items;
    private final UnprocessedRetry retry;

    CustomerTable(ItemStore items, UnprocessedRetry retry) {
        this.items = items;
        this.retry = retry;
    }

    /** What a load wrote. */
    public record LoadStats(long customers, long batches, long retriedItems, double writeUnits) {
    }

    static String pk(String userId) {
        // A partition key holds at most 2 048 bytes; user ids are at most 128 characters by contract, but be safe.
        byte[] bytes = userId.getBytes(StandardCharsets.UTF_8);
        return bytes.length > 1000 ? PREFIX + "sha256:" + ShardLog.sha256(bytes) : PREFIX + userId;
    }

    @Override
    public Map<String, Customer> lookup(Collection<String> userIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(userIds));
        Map<String, Customer> found = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += GET_BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : distinct.subList(from, Math.min(distinct.size(), from + GET_BATCH))) {
                keys.add(AttributeValues.key(pk(id), SORT_KEY));
            }
            for (int attempt = 1; !keys.isEmpty(); attempt++) {
                if (attempt > retry.attempts()) {
                    throw new UnprocessedRetry.ExhaustedException("customers table " + items.tables().of(Table.CUSTOMERS) + ": " + keys.size()
                            + " keys still unprocessed after " + retry.attempts() + " BatchGetItem attempts (throttled); the batch will be retried");
                }
                if (attempt > 1) {
                    retry.pauseBefore(attempt);
                }
                ItemStore.BatchGetOutcome outcome = items.batchGet(Table.CUSTOMERS, keys);
                for (Map<String, AttributeValue> item : outcome.items()) {
                    Customer c = customer(item);
                    if (c != null) {
                        found.put(c.userId(), c);
                    }
                }
                keys = outcome.unprocessed();
            }
        }
        return found;
    }

    /** The customer an item holds, or {@code null} if it holds no valid profile. */
    static Customer customer(Map<String, AttributeValue> item) {
        String userId = AttributeValues.str(item, "user_id");
        String tier = AttributeValues.str(item, "tier");
        String region = AttributeValues.str(item, "region");
        if (userId == null || userId.isEmpty() || Customer.tierProblem(tier) != null) {
            return null;
        }
        try {
            return new Customer(userId, tier, region);
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    /**
     * Writes every customer (a put replaces the profile of the same user), 25 per request, retrying
     * unprocessed items; {@code progress} gets the number written so far after each request.
     * The customers must have distinct user ids within each run of 25 (the loader checks the whole file).
     */
    public LoadStats load(Iterator<Customer> customers, long nowMillis, LongConsumer progress) {
        WriteMeter.Units before = items.meter().snapshot();
        long written = 0;
        long batches = 0;
        long retried = 0;
        List<Map<String, AttributeValue>> batch = new ArrayList<>(PUT_BATCH);
        while (customers.hasNext() || !batch.isEmpty()) {
            while (customers.hasNext() && batch.size() < PUT_BATCH) {
                batch.add(item(customers.next(), nowMillis));
            }
            int size = batch.size();
            List<Map<String, AttributeValue>> left = batch;
            for (int attempt = 1; !left.isEmpty(); attempt++) {
                if (attempt > retry.attempts()) {
                    throw new UnprocessedRetry.ExhaustedException("customers table " + items.tables().of(Table.CUSTOMERS) + ": " + left.size()
                            + " items still unprocessed after " + retry.attempts() + " BatchWriteItem attempts (throttled); "
                            + written + " customers were written; run the load again (it is idempotent)");
                }
                if (attempt > 1) {
                    retry.pauseBefore(attempt);
                    retried += left.size();
                }
                left = items.batchPut(Table.CUSTOMERS, left);
                batches++;
            }
            written += size;
            batch = new ArrayList<>(PUT_BATCH);
            progress.accept(written);
        }
        return new LoadStats(written, batches, retried, items.meter().snapshot().minus(before).writeUnits());
    }

    static Map<String, AttributeValue> item(Customer c, long nowMillis) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AttributeValues.PK, AttributeValues.s(pk(c.userId())));
        item.put(AttributeValues.SK, AttributeValues.s(SORT_KEY));
        item.put("user_id", AttributeValues.s(c.userId()));
        item.put("tier", AttributeValues.s(c.tier()));
        if (c.region() != null) {
            item.put("region", AttributeValues.s(c.region()));
        }
        item.put("loaded_at", AttributeValues.n(nowMillis));
        return item;
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.OrderArchive;
import io.tidemark.core.state.OrderKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The order archive in the state table: the orders that left their users' memory, one item per user and
 * step that sent them ({@code pk = orders#<user_id>}, {@code sk = <shard>#step#<step>#<part>}: {@code orders},
 * a list of order ids). The items are a committed step's effect (a plain put: key and content are fixed by
 * the step, so a reload writes the same item again) and are never changed or expired: an order counts once,
 * ever. Asking about an order reads every item of its user (one strongly consistent query, which also tells
 * when the archive holds nothing of the user, so that the user's state knows it holds all of its orders: the items of a
 * step are written before the shard's next step asks anything, and a user's next shard starts only after
 * its parent ended). A step's users are independent partitions, so their queries and puts are made
 * concurrently (up to {@value #CONCURRENCY} in flight): a step waits about one round trip, not one per user.
 */
public final class ArchivedOrders implements OrderArchive {

    static final String PK = "orders#";
    static final int CONCURRENCY = 16;
    /** Order-id bytes per item at most: an item holds 400 KB. */
    private static final int MAX_ITEM_BYTES = 300_000;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(CONCURRENCY, r -> {
        Thread t = new Thread(r, "archived-orders");
        t.setDaemon(true);
        return t;
    });

    private final ItemStore items;
    private final long nowMillis;

    ArchivedOrders(ItemStore items, long nowMillis) {
        this.items = items;
        this.nowMillis = nowMillis;
    }

    @Override
    public Answer archived(List<OrderKey> orders) {
        Map<String, List<OrderKey>> byUser = byUser(orders);
        List<Callable<Answer>> reads = new ArrayList<>();
        byUser.forEach((user, asked) -> reads.add(() -> {
            Set<String> archived = new HashSet<>();
            boolean[] any = {false};
            items.query(Table.STATE, KeyQuery.partition(PK + user), item -> {
                any[0] = true;
                item.get("orders").l().forEach(id -> archived.add(id.s()));
                return true;
            });
            return new Answer(Set.copyOf(asked.stream().filter(o -> archived.contains(o.orderId())).toList()), any[0] ? Set.of() : Set.of(user));
        }));
        Set<OrderKey> found = new HashSet<>();
        Set<String> without = new HashSet<>();
        for (Answer a : all(reads)) {
            found.addAll(a.archived());
            without.addAll(a.usersWithoutAny());
        }
        return new Answer(found, without);
    }

    @Override
    public void keep(String shardId, long step, List<OrderKey> orders) {
        List<Callable<List<OrderKey>>> puts = new ArrayList<>();
        byUser(orders).forEach((user, keys) -> {
            List<List<AttributeValue>> parts = new ArrayList<>();
            List<AttributeValue> part = new ArrayList<>();
            int bytes = 0;
            for (OrderKey k : keys) {
                int size = k.orderId().length() * 3;
                if (!part.isEmpty() && bytes + size > MAX_ITEM_BYTES) {
                    parts.add(part);
                    part = new ArrayList<>();
                    bytes = 0;
                }
                part.add(AttributeValues.s(k.orderId()));
                bytes += size;
            }
            parts.add(part);
            for (int i = 0; i < parts.size(); i++) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put(AttributeValues.PK, AttributeValues.s(PK + user));
                item.put(AttributeValues.SK, AttributeValues.s(new StepRowKey(PK + user, shardId + "#" + StepRowKey.STEP, step).sk(i)));
                item.put("user_id", AttributeValues.s(user));
                item.put("orders", AttributeValue.fromL(parts.get(i)));
                item.put("shard", AttributeValues.s(shardId));
                item.put("step", AttributeValues.n(step));
                item.put("archived_at", AttributeValues.n(nowMillis));
                puts.add(() -> {
                    items.put(Table.STATE, item);
                    return List.of();
                });
            }
        });
        all(puts);
    }

    private static Map<String, List<OrderKey>> byUser(List<OrderKey> orders) {
        Map<String, List<OrderKey>> byUser = new LinkedHashMap<>();
        orders.forEach(o -> byUser.computeIfAbsent(o.userId(), u -> new ArrayList<>()).add(o));
        return byUser;
    }

    /** Runs every task (concurrently if more than one) and waits for all of them, done or failed, before returning or throwing. */
    private static <T> List<T> all(List<Callable<T>> tasks) {
        List<T> out = new ArrayList<>(tasks.size());
        if (tasks.size() == 1) {
            try {
                out.add(tasks.get(0).call());
                return out;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        List<Future<T>> pending = new ArrayList<>(tasks.size());
        tasks.forEach(t -> pending.add(POOL.submit(t)));
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<T> f : pending) {
            while (true) {
                try {
                    out.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: nothing may still be in flight when this returns
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }
}

package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.OrderClaim;
import io.tidemark.core.OrderClaimRegistry;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.StepLogCodec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Order-id claims in the state table ({@code pk = order#<order_id>}, {@code sk = claim}): a
 * conditional put with {@code claimed_by = <event id>} and the (shard, step) of the claiming step.
 * The first claim wins forever; a re-run of the same step (a retry, or a redo after losing a commit
 * race) finds its own claim — the failed condition returns the item — and so decides the same.
 * <p>
 * A claim is only as good as the step that made it: a step can claim and then never commit (a crash,
 * a lost race), and its redo may judge the claiming event late. So a claim held by another event is
 * checked against the log: if the committed entry (shard, step) named in the claim counted that
 * event's order, the claim stands; if that entry exists and did not count it, the claim is stale and
 * is taken over (conditionally on it being unchanged); if the entry does not exist yet, the step
 * fails with {@link ClaimPendingException} and is retried. A re-run that finds its own claim moves it
 * to its own step. No TTL: an order id counts once, ever.
 * <p>
 * A step's claims are distinct order ids, independent of each other, so they are made concurrently
 * (up to {@value #CONCURRENCY} round trips in flight): a batch of purchases costs about one round trip
 * of claims, not one per purchase, which is what kept a purchase-heavy shard from keeping up. All of
 * a step's claims have finished, written or failed, before {@link #claim} returns or throws.
 */
public final class OrderClaims implements OrderClaimRegistry {

    /** The claim of another event names a step that is not committed yet: retry the batch later. */
    public static final class ClaimPendingException extends RuntimeException {
        ClaimPendingException(String message) {
            super(message);
        }
    }

    private final ItemStore items;
    private final ShardLog log;
    private final String shardId;
    private final long step;
    private final long nowMillis;

    OrderClaims(ItemStore items, ShardLog log, String shardId, long step, long nowMillis) {
        this.items = items;
        this.log = log;
        this.shardId = shardId;
        this.step = step;
        this.nowMillis = nowMillis;
    }

    static String pk(String orderId) {
        // A partition key holds at most 2 048 bytes; very long ids are keyed by their hash.
        if (orderId.getBytes(StandardCharsets.UTF_8).length > 1000) {
            return "order#sha256:" + ShardLog.sha256(orderId.getBytes(StandardCharsets.UTF_8));
        }
        return "order#" + orderId;
    }

    static final int CONCURRENCY = 16;
    private static final ExecutorService CLAIMING = Executors.newFixedThreadPool(CONCURRENCY, r -> {
        Thread t = new Thread(r, "order-claims");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Map<String, String> claim(List<OrderClaim> claims) {
        Map<String, String> winners = new LinkedHashMap<>();
        if (claims.size() == 1) {
            winners.put(claims.get(0).orderId(), claimOne(claims.get(0)));
            return winners;
        }
        List<Future<String>> pending = new ArrayList<>(claims.size());
        for (OrderClaim c : claims) {
            pending.add(CLAIMING.submit(() -> claimOne(c)));
        }
        RuntimeException failure = null;
        boolean interrupted = false;
        for (int i = 0; i < claims.size(); i++) {
            while (true) {
                try {
                    winners.put(claims.get(i).orderId(), pending.get(i).get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: no claim may still be in flight when this returns
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
        return winners;
    }

    private String claimOne(OrderClaim c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AttributeValues.PK, AttributeValues.s(pk(c.orderId())));
        item.put(AttributeValues.SK, AttributeValues.s("claim"));
        item.put("order_id", AttributeValues.s(c.orderId()));
        item.put("claimed_by", AttributeValues.s(c.eventId()));
        item.put("shard", AttributeValues.s(shardId));
        item.put("step", AttributeValues.n(step));
        item.put("claimed_at", AttributeValues.n(nowMillis));
        for (int attempt = 0; attempt < 10; attempt++) {
            ItemStore.PutOutcome outcome = items.putIf(Table.STATE, item, PutCondition.absent());
            if (outcome.written()) {
                return c.eventId();
            }
            Map<String, AttributeValue> existing = outcome.existing();
            if (existing == null || existing.isEmpty()) {
                existing = items.get(Table.STATE, pk(c.orderId()), "claim");
                if (existing == null) {
                    continue;
                }
            }
            String owner = AttributeValues.str(existing, "claimed_by");
            String ownerShard = AttributeValues.str(existing, "shard");
            long ownerStep = AttributeValues.num(existing, "step", 0);
            if (owner.equals(c.eventId())) {
                if (!mayMoveOwnClaim(ownerShard, ownerStep, c)) {
                    return owner;
                }
                if (replace(item, existing)) { // our own claim from an earlier attempt that did not commit: move it to this step
                    return owner;
                }
                continue;
            }
            if (counted(ownerShard, ownerStep, owner, c.orderId())) {
                return owner;
            }
            if (replace(item, existing)) { // a stale claim: its step committed without counting it
                return c.eventId();
            }
        }
        throw new IllegalStateException("order_id '" + c.orderId() + "': the claim kept changing under 10 attempts");
    }

    /**
     * Whether our own claim, made by an earlier attempt at (shard, step), should move to this step.
     * Never backwards on this shard: a claim at a step at or after this one was made by an attempt
     * that saw this shard's log further on than this attempt does, so this attempt is stale and its
     * commit will fail — moving the claim would point it at an entry that did not count the order,
     * and the next event with this order id would take it over and count it again. On another shard
     * (a producer duplicate across a reshard), only if that entry did not count the event.
     */
    private boolean mayMoveOwnClaim(String ownerShard, long ownerStep, OrderClaim c) {
        if (ownerShard.equals(shardId)) {
            return ownerStep < step;
        }
        byte[] entry = log.entry(ownerShard, ownerStep);
        return entry == null || !countedIn(entry, c.eventId());
    }

    private boolean replace(Map<String, AttributeValue> item, Map<String, AttributeValue> existing) {
        return items.putIf(Table.STATE, item, PutCondition.holds(Map.of("claimed_by", existing.get("claimed_by"), "shard", existing.get("shard"),
                "step", existing.get("step")))).written();
    }

    /** Whether committed entry (shard, step) counted {@code eventId}'s order; pending if it is not committed. */
    private boolean counted(String shard, long ownerStep, String eventId, String orderId) {
        byte[] entry = log.entry(shard, ownerStep);
        if (entry == null) {
            throw new ClaimPendingException("order_id '" + orderId + "' is claimed by event " + eventId + " of shard " + shard + " step "
                    + ownerStep + ", which is not committed yet; retry later");
        }
        return countedIn(entry, eventId);
    }

    private static boolean countedIn(byte[] entry, String eventId) {
        for (AcceptedEvent a : StepLogCodec.decode(entry).accepted()) {
            // The log keeps no order ids (compact): an event has one order, so "its order counted" is enough.
            if (a.orderCounted() && a.event().eventId().equals(eventId)) {
                return true;
            }
        }
        return false;
    }
}

package io.tidemark.state;

import io.tidemark.core.OrderClaim;
import io.tidemark.core.OrderClaimRegistry;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Order-id claims in the state table ({@code pk = order#<order_id>}, {@code sk = claim}): a
 * conditional put with {@code claimed_by = <event id>}. The first claim wins forever; a re-run of
 * the same step (a retry, or a redo after losing a commit race) finds its own claim — the failed
 * condition returns the item — and so decides the same. No TTL: an order id counts once, ever.
 */
public final class OrderClaims implements OrderClaimRegistry {

    private final Dynamo dynamo;
    private final String shardId;
    private final long nowMillis;

    OrderClaims(Dynamo dynamo, String shardId, long nowMillis) {
        this.dynamo = dynamo;
        this.shardId = shardId;
        this.nowMillis = nowMillis;
    }

    static String pk(String orderId) {
        // A partition key holds at most 2 048 bytes; very long ids are keyed by their hash.
        if (orderId.getBytes(StandardCharsets.UTF_8).length > 1000) {
            return "order#sha256:" + ShardLog.sha256(orderId.getBytes(StandardCharsets.UTF_8));
        }
        return "order#" + orderId;
    }

    @Override
    public Map<String, String> claim(List<OrderClaim> claims) {
        Map<String, String> winners = new LinkedHashMap<>();
        for (OrderClaim c : claims) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Dynamo.PK, Dynamo.s(pk(c.orderId())));
            item.put(Dynamo.SK, Dynamo.s("claim"));
            item.put("claimed_by", Dynamo.s(c.eventId()));
            item.put("shard", Dynamo.s(shardId));
            item.put("claimed_at", Dynamo.n(nowMillis));
            Dynamo.PutOutcome outcome = dynamo.putIf(Table.STATE, item, "attribute_not_exists(pk)", null, null);
            String winner = c.eventId();
            if (!outcome.written()) {
                String owner = Dynamo.str(outcome.existing(), "claimed_by");
                if (owner == null) {
                    owner = Dynamo.str(dynamo.get(Table.STATE, pk(c.orderId()), "claim", true), "claimed_by");
                }
                winner = owner;
            }
            winners.put(c.orderId(), winner);
        }
        return winners;
    }
}

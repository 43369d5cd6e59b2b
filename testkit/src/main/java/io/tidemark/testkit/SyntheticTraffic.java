package io.tidemark.testkit;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.Event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded e-commerce traffic as Kinesis records in arrival order: users come and go (sessions),
 * fill and empty carts, buy, sometimes leave a cart, see ads and click them (mostly the ad they saw
 * last, sometimes exactly at the end of the 10-minute attribution window or just after it, or at
 * the very instant of the impression). Knobs for what the core must survive:
 * out-of-orderness (each record arrives up to {@code maxDisorder} after its event time, so the
 * out-of-orderness is bounded by it), producer duplicates (same event, new record), invalid
 * records, reused order ids, ties in event time and events exactly on a 30-minute boundary.
 */
public final class SyntheticTraffic {

    /**
     * @param seed             everything follows from it
     * @param users            distinct users
     * @param events           distinct events (before duplicates and invalid records)
     * @param start            event time of the first event
     * @param span             event-time length of the traffic
     * @param maxDisorder      arrival delay bound (out-of-orderness bound)
     * @param duplicateRate    share of events sent twice
     * @param invalidRate      share of extra invalid records
     * @param orderReuseRate   share of purchases reusing the user's previous order id (new event id)
     * @param realisticSequenceNumbers 56-digit Kinesis-like sequence numbers (else 1, 2, 3, …)
     */
    public record Options(long seed, int users, int events, Instant start, Duration span, Duration maxDisorder, double duplicateRate,
                          double invalidRate, double orderReuseRate, boolean realisticSequenceNumbers) {

        public static Options small(long seed) {
            return new Options(seed, 12, 300, Instant.parse("2026-11-23T09:47:13.250Z"), Duration.ofHours(3), Duration.ofMinutes(2),
                    0.05, 0.02, 0.1, false);
        }

        public Options withUsers(int n) {
            return new Options(seed, n, events, start, span, maxDisorder, duplicateRate, invalidRate, orderReuseRate, realisticSequenceNumbers);
        }

        public Options withEvents(int n) {
            return new Options(seed, users, n, start, span, maxDisorder, duplicateRate, invalidRate, orderReuseRate, realisticSequenceNumbers);
        }

        public Options withSpan(Duration d) {
            return new Options(seed, users, events, start, d, maxDisorder, duplicateRate, invalidRate, orderReuseRate, realisticSequenceNumbers);
        }

        public Options withMaxDisorder(Duration d) {
            return new Options(seed, users, events, start, span, d, duplicateRate, invalidRate, orderReuseRate, realisticSequenceNumbers);
        }

        public Options withRates(double duplicates, double invalid, double orderReuse) {
            return new Options(seed, users, events, start, span, maxDisorder, duplicates, invalid, orderReuse, realisticSequenceNumbers);
        }

        public Options withRealisticSequenceNumbers() {
            return new Options(seed, users, events, start, span, maxDisorder, duplicateRate, invalidRate, orderReuseRate, true);
        }
    }

    private static final String[] PAGES = {"/", "/search", "/product", "/cart", "/checkout", "/account"};
    private static final BigInteger SEQUENCE_BASE = new BigInteger("49590338271490256608559692538361571095921575989136588898");

    private SyntheticTraffic() {
    }

    private record Pending(long arrivalKey, int order, String partitionKey, Event event, List<String> reasons, byte[] data) {
    }

    private static final class UserCart {
        final List<String> products = new ArrayList<>();
        long lastCartActivity = Long.MIN_VALUE;
        long lastEventTime = Long.MIN_VALUE;
        String lastOrderId;
        String lastImpressionAd;
        long lastImpressionTime;
    }

    public static List<StreamRecord> generate(Options o) {
        Random rnd = new Random(o.seed());
        double clock = o.start().toEpochMilli(); // fractional: gaps below a millisecond must add up
        double meanGap = (double) o.span().toMillis() / Math.max(1, o.events());
        String[] userIds = new String[o.users()];
        UserCart[] carts = new UserCart[o.users()];
        for (int i = 0; i < o.users(); i++) {
            userIds[i] = "user-" + Integer.toString(i + 1, 36) + (i % 3 == 0 ? "-x" : "");
            carts[i] = new UserCart();
        }
        int poolSize = Math.max(1, Math.min(o.users(), Math.max(2, o.users() / 8)));
        int[] pool = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            pool[i] = rnd.nextInt(o.users());
        }
        long maxDisorder = o.maxDisorder().toMillis();
        List<Pending> out = new ArrayList<>((int) (o.events() * (1 + o.duplicateRate() + o.invalidRate())) + 8);
        int orders = 0;
        for (int i = 0; i < o.events(); i++) {
            clock += -Math.log(1 - rnd.nextDouble()) * meanGap;
            long t = (long) clock;
            int slot = rnd.nextInt(poolSize);
            if (rnd.nextDouble() < 0.04) {
                pool[slot] = rnd.nextInt(o.users());
            }
            int u = pool[slot];
            UserCart cart = carts[u];
            long time = t;
            double shape = rnd.nextDouble();
            if (shape < 0.03 && cart.lastEventTime != Long.MIN_VALUE) {
                time = cart.lastEventTime; // a tie: order is the arrival order
            } else if (shape < 0.05 && cart.lastCartActivity != Long.MIN_VALUE) {
                time = cart.lastCartActivity + Duration.ofMinutes(30).toMillis(); // exactly at the cart deadline
            } else if (shape < 0.06) {
                time = Math.floorDiv(t, 60_000) * 60_000; // exactly on a minute boundary
            }
            String eventId = rnd.nextInt(20) == 0 ? "evt-" + o.seed() + "-" + i : randomUuid(rnd).toString();
            String user = userIds[u];
            Instant at = Instant.ofEpochMilli(time);
            double r = rnd.nextDouble();
            Event event;
            if (!cart.products.isEmpty() && r < 0.07) {
                String orderId = cart.lastOrderId != null && rnd.nextDouble() < o.orderReuseRate() ? cart.lastOrderId : "order-" + (++orders);
                event = Event.purchase(eventId, user, at, orderId, amount(rnd), "USD");
                cart.lastOrderId = orderId;
                cart.products.clear();
            } else if (!cart.products.isEmpty() && r < 0.13) {
                String product = cart.products.remove(rnd.nextInt(cart.products.size()));
                event = Event.removeFromCart(eventId, user, at, product, 1 + rnd.nextInt(2));
                cart.lastCartActivity = time;
            } else if (r < 0.28) {
                String product = "p" + (1 + rnd.nextInt(40));
                cart.products.add(product);
                event = Event.addToCart(eventId, user, at, product, 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0));
                cart.lastCartActivity = time;
            } else if (r < 0.30) {
                String orderId = cart.lastOrderId != null && rnd.nextDouble() < o.orderReuseRate() ? cart.lastOrderId : "order-" + (++orders);
                event = Event.purchase(eventId, user, at, orderId, amount(rnd), null);
                cart.lastOrderId = orderId;
            } else if (r < 0.45) {
                String ad = "ad-" + rnd.nextInt(30);
                event = Event.adImpression(eventId, user, at, ad);
                cart.lastImpressionAd = ad;
                cart.lastImpressionTime = time;
            } else if (r < 0.49) {
                String ad = "ad-" + rnd.nextInt(30);
                if (cart.lastImpressionAd != null && rnd.nextDouble() < 0.75) {
                    ad = cart.lastImpressionAd;
                    double edge = rnd.nextDouble();
                    long window = Duration.ofMinutes(10).toMillis();
                    if (edge < 0.1) {
                        time = cart.lastImpressionTime + window; // the last instant that still attributes
                    } else if (edge < 0.15) {
                        time = cart.lastImpressionTime + window + 1; // one millisecond too late
                    } else if (edge < 0.2) {
                        time = cart.lastImpressionTime; // at the very instant of the impression
                    }
                }
                event = Event.adClick(eventId, user, Instant.ofEpochMilli(time), ad);
            } else {
                event = Event.pageView(eventId, user, at, PAGES[rnd.nextInt(PAGES.length)]);
            }
            cart.lastEventTime = Math.max(cart.lastEventTime, time);
            out.add(new Pending(time + nextLong(rnd, maxDisorder + 1), out.size(), user, event, List.of(), null));
            if (rnd.nextDouble() < o.duplicateRate()) {
                out.add(new Pending(time + nextLong(rnd, maxDisorder + 1), out.size(), user, event, List.of(), null));
            }
            if (rnd.nextDouble() < o.invalidRate()) {
                byte[] data = ("{\"event_id\":\"bad-" + i + "\",\"type\":\"teleport\",\"user_id\":\"" + user + "\"}").getBytes(StandardCharsets.UTF_8);
                out.add(new Pending(time + nextLong(rnd, maxDisorder + 1), out.size(), user, null,
                        List.of("type: must be one of page_view, add_to_cart, remove_from_cart, purchase, ad_impression, ad_click; got 'teleport'",
                                "timestamp: required"), data));
            }
        }
        out.sort(Comparator.comparingLong(Pending::arrivalKey).thenComparingInt(Pending::order));
        List<StreamRecord> records = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Pending p = out.get(i);
            String sequence = o.realisticSequenceNumbers()
                    ? SEQUENCE_BASE.add(BigInteger.valueOf(i).multiply(BigInteger.valueOf(1_000_003_219L)).shiftLeft(20)).toString()
                    : Integer.toString(i + 1);
            records.add(p.event() != null ? StreamRecord.valid(sequence, p.partitionKey(), p.arrivalKey(), p.event())
                    : StreamRecord.rejected(sequence, p.partitionKey(), p.arrivalKey(), p.reasons(), p.data()));
        }
        return records;
    }

    private static long nextLong(Random rnd, long bound) {
        return bound <= 1 ? 0 : Math.floorMod(rnd.nextLong(), bound);
    }

    private static BigDecimal amount(Random rnd) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            return BigDecimal.valueOf(rnd.nextInt(200)); // "12"
        }
        if (kind == 1) {
            return BigDecimal.valueOf(rnd.nextInt(2000), 1); // "12.5"
        }
        return BigDecimal.valueOf(rnd.nextInt(50_000), 2); // "123.45"
    }

    static UUID randomUuid(Random rnd) {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}

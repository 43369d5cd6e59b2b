package io.tidemark.events.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.events.Event;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventType;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeded, realistic e-commerce traffic: users come back for several visits (sessions); a visit
 * browses pages, sometimes sees and clicks ads, sometimes fills a cart and either buys or leaves
 * it (the abandonment rate). Events then get arrival times — within the out-of-orderness bound,
 * or far later for late events — and the stream is written in arrival order, with producer
 * duplicates, repeated orders and corrupted lines mixed in at the configured rates.
 * <p>
 * Deterministic: the same settings give the same bytes.
 */
public final class TrafficGenerator {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final int PRODUCTS = 200;
    private static final int ADS = 50;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GeneratorSettings settings;

    public TrafficGenerator(GeneratorSettings settings) {
        this.settings = settings;
    }

    /** Every line, in arrival order. */
    public List<GeneratedRecord> generate() {
        return new Run(settings).records();
    }

    /** Writes the traffic as JSON Lines (UTF-8) and returns what was written. */
    public GeneratorStats writeTo(OutputStream out) {
        Run run = new Run(settings);
        List<GeneratedRecord> records = run.records();
        long valid = 0, late = 0, duplicates = 0, orderDuplicates = 0, invalid = 0;
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        try (JsonGenerator json = new JsonFactory().createGenerator(buffered)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.setRootValueSeparator(null);
            for (GeneratedRecord r : records) {
                switch (r.kind()) {
                    case VALID -> valid++;
                    case LATE -> late++;
                    case DUPLICATE -> duplicates++;
                    case ORDER_DUPLICATE -> orderDuplicates++;
                    case INVALID -> invalid++;
                }
                if (r.kind() == GeneratedRecord.Kind.INVALID) {
                    json.writeRaw(r.invalidLine());
                } else {
                    EventJson.write(r.event(), json);
                }
                json.writeRaw('\n');
            }
            json.flush();
            buffered.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratorStats(records.size(), valid, late, duplicates, orderDuplicates, invalid, run.carts, run.abandoned,
                run.purchases, run.activeUsers.size());
    }

    /** One generation: all the mutable bookkeeping lives here. */
    private static final class Run {
        private final GeneratorSettings s;
        private final SplittableRandom random;
        private final long[] priceCents = new long[PRODUCTS];
        private final List<Event> planned;
        private final HashSet<Integer> activeUsers = new HashSet<>();
        private long carts;
        private long abandoned;
        private long purchases;
        private long orderCounter;

        Run(GeneratorSettings settings) {
            this.s = settings;
            this.random = new SplittableRandom(settings.seed());
            this.planned = new ArrayList<>((int) Math.min(settings.count() + 16, Integer.MAX_VALUE - 16));
            for (int p = 0; p < PRODUCTS; p++) {
                priceCents[p] = 199 + random.nextLong(19_800);
            }
        }

        List<GeneratedRecord> records() {
            simulateVisits();
            List<GeneratedRecord> out = new ArrayList<>(planned.size() + planned.size() / 8);
            for (Event event : planned) {
                long t = event.eventTimeMillis();
                boolean late = random.nextDouble() < s.lateRate();
                long arrival = late ? t + uniform(s.lateDelayMin().toMillis(), s.lateDelayMax().toMillis()) : t + delay();
                out.add(new GeneratedRecord(late ? GeneratedRecord.Kind.LATE : GeneratedRecord.Kind.VALID, event, arrival, null, null));
                if (random.nextDouble() < s.duplicateRate()) {
                    out.add(new GeneratedRecord(GeneratedRecord.Kind.DUPLICATE, event, arrival + uniform(100, 5 * SECOND), null, null));
                }
                if (event.type() == EventType.PURCHASE && random.nextDouble() < s.orderDuplicateRate()) {
                    Event again = new Event(newId(), event.type(), event.userId(), event.timestamp(), null, null, 0,
                            event.orderId(), event.amount(), event.currency(), null);
                    out.add(new GeneratedRecord(GeneratedRecord.Kind.ORDER_DUPLICATE, again, arrival + uniform(SECOND, MINUTE), null, null));
                }
                if (random.nextDouble() < s.invalidRate()) {
                    Corruption c = Corruption.values()[random.nextInt(Corruption.values().length)];
                    ObjectNode json = readTree(event);
                    json.put("event_id", newId());
                    out.add(new GeneratedRecord(GeneratedRecord.Kind.INVALID, event, arrival + uniform(0, SECOND), c, c.apply(json)));
                }
            }
            // Stable sort: ties keep generation order, so the output is deterministic.
            out.sort(Comparator.comparingLong(GeneratedRecord::arrivalMillis));
            return out;
        }

        private void simulateVisits() {
            long start = s.start().toEpochMilli();
            long end = s.duration() == null ? Long.MAX_VALUE : start + s.duration().toMillis();
            long[] nextVisit = new long[s.users()];
            PriorityQueue<Integer> queue = new PriorityQueue<>(s.users(), Comparator.<Integer>comparingLong(u -> nextVisit[u]).thenComparingInt(u -> u));
            // First visits spread over the first hour (or the whole span, if shorter).
            long firstSpan = Math.min(60 * MINUTE, end == Long.MAX_VALUE ? 60 * MINUTE : end - start);
            for (int u = 0; u < s.users(); u++) {
                nextVisit[u] = start + random.nextLong(Math.max(1, firstSpan));
                queue.add(u);
            }
            while (planned.size() < s.count() && !queue.isEmpty()) {
                int u = queue.poll();
                if (nextVisit[u] >= end) {
                    continue;
                }
                activeUsers.add(u);
                long last = visit(u, nextVisit[u]);
                // The next visit is a new session: more than 30 minutes after this one ended.
                nextVisit[u] = last + 31 * MINUTE + (long) (-Math.log(1 - random.nextDouble()) * 60 * MINUTE);
                queue.add(u);
            }
            while (planned.size() > s.count()) {
                planned.remove(planned.size() - 1);
            }
        }

        /** One visit of one user from {@code t}; returns the time of its last event. */
        private long visit(int user, long t) {
            String userId = String.format("u%05d", user);
            int pages = 1 + random.nextInt(6);
            long last = t;
            for (int i = 0; i < pages; i++) {
                add(Event.pageView(newId(), userId, Instant.ofEpochMilli(t), page()));
                last = t;
                t += uniform(5 * SECOND, 2 * MINUTE);
                if (random.nextDouble() < 0.08) {
                    String ad = String.format("ad%02d", 1 + random.nextInt(ADS));
                    add(Event.adImpression(newId(), userId, Instant.ofEpochMilli(t), ad));
                    if (random.nextDouble() < 0.25) {
                        // Most clicks within 10 minutes of the impression, a few later.
                        long after = random.nextDouble() < 0.9 ? uniform(2 * SECOND, 9 * MINUTE) : uniform(11 * MINUTE, 20 * MINUTE);
                        add(Event.adClick(newId(), userId, Instant.ofEpochMilli(t + after), ad));
                    }
                }
            }
            if (random.nextDouble() < 0.35) {
                last = cart(userId, t);
            } else if (random.nextDouble() < 0.03) {
                long cents = priceCents[random.nextInt(PRODUCTS)];
                purchase(userId, t, cents);
                last = t;
            }
            return last;
        }

        /** A cart visit from {@code t}: adds, maybe a removal, then a purchase or nothing. */
        private long cart(String userId, long t) {
            carts++;
            Map<Integer, Integer> contents = new LinkedHashMap<>();
            int adds = 1 + random.nextInt(3);
            long last = t;
            for (int i = 0; i < adds; i++) {
                int product = random.nextInt(PRODUCTS);
                int quantity = 1 + (random.nextDouble() < 0.2 ? random.nextInt(3) : 0);
                add(Event.addToCart(newId(), userId, Instant.ofEpochMilli(t), String.format("p%03d", product + 1), quantity));
                contents.merge(product, quantity, Integer::sum);
                last = t;
                t += uniform(10 * SECOND, 3 * MINUTE);
            }
            if (random.nextDouble() < 0.2) {
                int product = contents.keySet().iterator().next();
                add(Event.removeFromCart(newId(), userId, Instant.ofEpochMilli(t), String.format("p%03d", product + 1), 1));
                contents.merge(product, -1, Integer::sum);
                last = t;
                t += uniform(10 * SECOND, MINUTE);
            }
            if (random.nextDouble() < s.abandonRate()) {
                abandoned++;
                return last;
            }
            long cents = 0;
            for (Map.Entry<Integer, Integer> e : contents.entrySet()) {
                cents += priceCents[e.getKey()] * Math.max(0, e.getValue());
            }
            long at = last + uniform(10 * SECOND, 5 * MINUTE);
            purchase(userId, at, cents);
            return at;
        }

        private void purchase(String userId, long t, long cents) {
            purchases++;
            String orderId = "o-" + Long.toString(s.seed(), 36).replace('-', 'n') + "-" + (++orderCounter);
            add(Event.purchase(newId(), userId, Instant.ofEpochMilli(t), orderId, BigDecimal.valueOf(cents, 2), "USD"));
        }

        private String page() {
            double r = random.nextDouble();
            if (r < 0.2) {
                return "/";
            }
            if (r < 0.35) {
                return "/search?q=item" + random.nextInt(100);
            }
            return "/p/" + String.format("p%03d", 1 + random.nextInt(PRODUCTS));
        }

        private void add(Event e) {
            planned.add(e);
        }

        private long delay() {
            long max = s.maxDelay().toMillis();
            if (max == 0) {
                return 0;
            }
            return switch (s.delayDistribution()) {
                case UNIFORM -> random.nextLong(max + 1);
                case EXPONENTIAL -> Math.min(max, (long) (-Math.log(1 - random.nextDouble()) * max / 4));
            };
        }

        private long uniform(long from, long to) {
            return from + random.nextLong(to - from + 1);
        }

        private String newId() {
            long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
            long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
            return new UUID(msb, lsb).toString();
        }

        private static ObjectNode readTree(Event e) {
            try {
                return (ObjectNode) MAPPER.readTree(EventJson.toBytes(e));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

}

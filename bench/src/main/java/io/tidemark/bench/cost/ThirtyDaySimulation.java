package io.tidemark.bench.cost;

import io.tidemark.bench.StateSizeReport;
import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.OrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.Event;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A shard's state over 30 simulated days of a stream whose customers come and go: does counting orders
 * in the users' state keep the state bounded, and what does the order archive cost? One shard, the
 * core's step (no store: the archive in memory), events in arrival order at {@code ratePerSecond}, batches
 * of {@code batchSize} (the batching window's batch at that rate). New users arrive all the time; each
 * visits a few times over a few days (a visit every ~20 h on average), then never again; a visit is a few
 * page views, sometimes a cart and a purchase; 5 % of purchases repeat one of the user's earlier orders,
 * often days later. Every distinct (user, order) sent must count exactly once — checked — whether its
 * user was still in memory or not. Samples the state at days 1, 7, 14 and 30.
 */
public final class ThirtyDaySimulation {

    /** A sample of the shard's state. */
    public record Sample(int day, long events, int usersInState, long ordersInMemory, long snapshotBytes, long heapBytes) {
    }

    /**
     * @param archivedOrders    orders that went to the archive (items written: one per user and step)
     * @param archiveWrites     archive items written (one per user whose orders left memory in a step)
     * @param archiveLookups    users asked about in the order archive (one strongly consistent read of the user's items each, per step)
     * @param archiveHits       asked orders the archive held: repeats decided after their user's orders left memory
     * @param users             users who came (at most one of them never acted before the end)
     * @param ordersSent        distinct orders sent
     * @param ordersCounted     orders the pipeline counted (must equal {@code ordersSent})
     * @param repeatsSent       purchases that repeated an earlier order of the same user
     */
    public record Result(int days, int ratePerSecond, int batchSize, Duration orderMemory, long events, long archivedOrders, long archiveWrites,
                         long archiveLookups, long archiveHits, long users, long ordersSent, long ordersCounted, long repeatsSent, List<Sample> samples, double seconds) {

        public boolean countedOnce() {
            return ordersCounted == ordersSent;
        }

        public double archiveWritesPerEvent() {
            return (double) archiveWrites / events;
        }

        public double archiveLookupsPerEvent() {
            return (double) archiveLookups / events;
        }
    }

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private ThirtyDaySimulation() {
    }

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int batch = 2 * rate; // what a 2 s batching window (a 3 s latency budget) gathers at this rate
        Result r = run(days, rate, batch, CoreSettings.DEFAULT_ORDER_MEMORY, 7);
        System.out.printf("%d days at %d events/s, batches of %d, order memory %s: %,d events in %.0f s%n", r.days(), r.ratePerSecond(),
                r.batchSize(), r.orderMemory(), r.events(), r.seconds());
        System.out.printf("users: %,d came%n", r.users());
        System.out.printf("orders: %,d sent, %,d counted (%s), %,d repeats sent, %,d decided by the archive%n", r.ordersSent(), r.ordersCounted(),
                r.countedOnce() ? "each once" : "NOT each once", r.repeatsSent(), r.archiveHits());
        System.out.printf("order archive: %,d orders in %,d item writes (%.4f per event), %,d user reads (%.4f per event)%n", r.archivedOrders(),
                r.archiveWrites(), r.archiveWritesPerEvent(), r.archiveLookups(), r.archiveLookupsPerEvent());
        System.out.println("day  events  users in state  orders in memory  snapshot bytes  retained heap bytes");
        for (Sample s : r.samples()) {
            System.out.printf("%3d  %,d  %,d  %,d  %,d  %,d%n", s.day(), s.events(), s.usersInState(), s.ordersInMemory(), s.snapshotBytes(),
                    s.heapBytes());
        }
        if (!r.countedOnce()) {
            System.exit(1);
        }
    }

    /** The archive in memory, counting what a DynamoDB archive would write and read. */
    private static final class CountingArchive implements OrderArchive {
        final InMemoryOrderArchive archive = new InMemoryOrderArchive();
        long writes;
        long lookups;
        long hits;

        @Override
        public Answer archived(List<OrderKey> orders) {
            lookups += orders.stream().map(OrderKey::userId).distinct().count();
            Answer answer = archive.archived(orders);
            hits += answer.archived().size();
            return answer;
        }

        @Override
        public void keep(String shardId, long step, List<OrderKey> orders) {
            writes += orders.stream().map(OrderKey::userId).distinct().count();
            archive.keep(shardId, step, orders);
        }
    }

    /** One user of the simulation: when they act next, what is left of the current visit, the orders they made. */
    private static final class User implements Comparable<User> {
        final String id;
        long next;
        int visitsLeft;
        int pagesLeft;
        int stage; // 0 page views, 1 add to cart, 2 purchase
        final List<String> orders = new ArrayList<>(2);

        User(String id, long next, int visitsLeft) {
            this.id = id;
            this.next = next;
            this.visitsLeft = visitsLeft;
        }

        @Override
        public int compareTo(User o) {
            return next != o.next ? Long.compare(next, o.next) : id.compareTo(o.id);
        }
    }

    public static Result run(int days, int ratePerSecond, int batchSize, Duration orderMemory, long seed) {
        long started = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        ShardProcessor processor = new ShardProcessor(CoreSettings.defaults().withOrderMemory(orderMemory));
        ShardState state = processor.newState("shardId-000000000000");
        CountingArchive archive = new CountingArchive();
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        long end = start + days * DAY;
        // ~3.45 events a visit (1–5 page views, a cart in a quarter, a purchase in 70 % of those), ~4 visits a user: new users
        // arrive at the rate that keeps the stream at ratePerSecond.
        double usersPerMilli = ratePerSecond / (3.45 * 4.0) / 1000.0;
        PriorityQueue<User> queue = new PriorityQueue<>();
        long nextArrival = start;
        long userCounter = 0;
        long orderCounter = 0;
        long events = 0;
        long ordersSent = 0;
        long repeats = 0;
        long counted = 0;
        Set<Integer> sampleDays = new HashSet<>(List.of(1, 7, 14, days));
        List<Sample> samples = new ArrayList<>();
        List<StreamRecord> batch = new ArrayList<>(batchSize);
        long lastSampleDay = 0;
        while (true) {
            while (queue.isEmpty() || nextArrival <= queue.peek().next) {
                User fresh = new User("c" + (++userCounter), nextArrival, 1 + rnd.nextInt(7));
                fresh.pagesLeft = 1 + rnd.nextInt(5);
                queue.add(fresh);
                nextArrival += (long) (-Math.log(1 - rnd.nextDouble()) / usersPerMilli);
            }
            User u = queue.poll();
            long t = u.next;
            if (t >= end) {
                break;
            }
            Event e;
            String id = u.id + "-" + events;
            if (u.stage == 0) {
                e = Event.pageView(id, u.id, Instant.ofEpochMilli(t), "/p/" + rnd.nextInt(200));
                if (--u.pagesLeft == 0) {
                    u.stage = rnd.nextDouble() < 0.25 ? 1 : 3;
                }
            } else if (u.stage == 1) {
                e = Event.addToCart(id, u.id, Instant.ofEpochMilli(t), "p" + rnd.nextInt(200), 1);
                u.stage = rnd.nextDouble() < 0.7 ? 2 : 3;
            } else {
                String order;
                if (!u.orders.isEmpty() && rnd.nextDouble() < 0.05) {
                    order = u.orders.get(rnd.nextInt(u.orders.size())); // a repeat, maybe days after the first
                    repeats++;
                } else {
                    order = "o" + (++orderCounter);
                    u.orders.add(order);
                    ordersSent++;
                }
                e = Event.purchase(id, u.id, Instant.ofEpochMilli(t), order, new BigDecimal("9.99"), "USD");
                u.stage = 3;
            }
            if (u.stage != 3) {
                u.next = t + 5_000 + rnd.nextInt(60_000);
                queue.add(u);
            } else if (--u.visitsLeft > 0) {
                u.stage = 0;
                u.pagesLeft = 1 + rnd.nextInt(5);
                u.next = t + 31 * 60_000L + (long) (-Math.log(1 - rnd.nextDouble()) * 20 * HOUR);
                queue.add(u);
            }
            batch.add(StreamRecord.valid(Long.toString(++events), e.userId(), e.eventTimeMillis(), e));
            if (batch.size() == batchSize) {
                counted += step(processor, state, batch, archive);
                batch.clear();
                long day = (t - start) / DAY;
                if (day > lastSampleDay) {
                    lastSampleDay = day;
                    if (sampleDays.contains((int) day)) {
                        samples.add(sample((int) day, events, state));
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            counted += step(processor, state, batch, archive);
        }
        if (samples.isEmpty() || samples.get(samples.size() - 1).day() != days) {
            samples.add(sample(days, events, state));
        }
        return new Result(days, ratePerSecond, batchSize, orderMemory, events, archive.archive.size(), archive.writes, archive.lookups, archive.hits, userCounter, ordersSent,
                counted, repeats, List.copyOf(samples), (System.nanoTime() - started) / 1e9);
    }

    private static long step(ShardProcessor processor, ShardState state, List<StreamRecord> batch, OrderArchive archive) {
        long now = batch.get(batch.size() - 1).approximateArrival();
        StepResult r = processor.step(state, batch, WatermarkInputs.at(now), archive);
        return r.log().accepted().stream().filter(AcceptedEvent::orderCounted).count();
    }

    private static Sample sample(int day, long events, ShardState state) {
        long orders = state.usersSorted().stream().mapToLong(u -> u.orders().size()).sum();
        return new Sample(day, events, state.userCount(), orders, ShardStateCodec.encode(state).length, StateSizeReport.retainedHeap(state));
    }
}

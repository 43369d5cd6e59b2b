package io.tidemark.bench.suite;

import io.tidemark.bench.cost.WriteCostRun;
import io.tidemark.bench.cost.WritesByItemKind;
import io.tidemark.bench.cost.model.Prices;
import io.tidemark.bench.input.BenchInput;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB write units per event, Tidemark against the naive per-event implementation: the
 * headline run (100 000 generated events at batch size 500) and the batch-size sweep, on
 * Tidemark on the embedded store and the naive implementation on moto, each checked against the file's reference views.
 */
public final class WriteCostSection {

    /** One measured point. */
    public record Point(String implementation, int batchSize, int shards, long records, long acceptedEvents, double writeUnits,
                        double readUnits, long writeRequests, long failedConditions, String firstDifference, double seconds,
                        List<WritesByItemKind.ItemKind> byItemKind) {

        public Point {
            byItemKind = byItemKind == null ? List.of() : List.copyOf(byItemKind); // results.json of runs before the breakdown
        }

        static Point of(WriteCostRun.Result r) {
            return new Point(r.implementation().name().toLowerCase(), r.batchSize(), r.shards(), r.records(), r.acceptedEvents(), r.writeUnits(),
                    r.readUnits(), r.writeRequests(), r.failedConditions(), r.firstDifference().orElse(null), r.seconds(), r.byItemKind());
        }

        public double writeUnitsPerEvent() {
            return writeUnits / acceptedEvents;
        }

        public boolean exactlyOnce() {
            return firstDifference == null;
        }

        /** Dollars per million events at {@code pricePerMillionWrites}: the measured units times the price, exactly (to 16 digits). */
        public BigDecimal dollarsPerMillionEvents(BigDecimal pricePerMillionWrites) {
            return BigDecimal.valueOf(writeUnits).multiply(pricePerMillionWrites).divide(BigDecimal.valueOf(acceptedEvents), MathContext.DECIMAL64);
        }
    }

    /**
     * @param pricePerMillionWrites what the $ columns multiply by: the dated price table's write request unit, per million
     *                              (results.json of earlier runs holds it as a JSON number, read exactly)
     * @param pricesAsOf            the table's date (null in results.json of runs before the table priced this section)
     */
    public record Result(String headlineInput, String headlineCommand, String sweepInput, String sweepCommand, Point tidemark, Point naive,
                         List<Point> sweep, BigDecimal pricePerMillionWrites, String pricesAsOf) {

        public Result {
            if (pricePerMillionWrites == null) {
                throw new IllegalArgumentException("writeCost.pricePerMillionWrites is missing: results.json of a write-cost run names the price "
                        + "its $ columns used; run bench/run --only write-cost again");
            }
        }

        public double ratio() {
            return naive.writeUnitsPerEvent() / tidemark.writeUnitsPerEvent();
        }

        public boolean meetsTarget() {
            return tidemark.writeUnitsPerEvent() <= 0.1 && ratio() >= 10 && tidemark.exactlyOnce() && naive.exactlyOnce();
        }
    }

    private WriteCostSection() {
    }

    /** On-demand dollars per million DynamoDB write request units, from the price table. */
    public static BigDecimal pricePerMillionWrites(Prices prices) {
        return prices.usd(Prices.Item.DYNAMODB_WRITE_REQUEST_UNIT).movePointRight(6).stripTrailingZeros();
    }

    public static Result run(DynamoDbClient dynamo, BenchInput headline, BenchInput sweepInput, SuiteSize size, Prices prices, PrintStream progress) {
        WriteCostRun runs = new WriteCostRun(dynamo, headline.lines());
        progress.printf("write cost: %s at batch size 500, %d shard%s%n", headline.describe(), size.costShards(), size.costShards() == 1 ? "" : "s");
        Point tidemark = Point.of(runs.run(WriteCostRun.Implementation.TIDEMARK, 500, size.costShards()));
        print(progress, tidemark);
        Point naive = Point.of(runs.run(WriteCostRun.Implementation.NAIVE, 500, size.costShards()));
        print(progress, naive);
        WriteCostRun sweepRuns = new WriteCostRun(dynamo, sweepInput.lines());
        List<Point> sweep = new ArrayList<>();
        progress.printf("write cost against batch size: %s%n", sweepInput.describe());
        for (int batch : size.costBatchSizes()) {
            for (WriteCostRun.Implementation impl : WriteCostRun.Implementation.values()) {
                Point p = Point.of(sweepRuns.run(impl, batch, size.costShards()));
                print(progress, p);
                sweep.add(p);
            }
        }
        return new Result(headline.describe(), headline.command(), sweepInput.describe(), sweepInput.command(), tidemark, naive, List.copyOf(sweep),
                pricePerMillionWrites(prices), prices.asOf());
    }

    private static void print(PrintStream progress, Point p) {
        progress.printf("  %-8s batch %5d: %,12.1f write units for %,d events = %.4f WU/event, %,.1f read units, %s (%.1f s)%n", p.implementation(),
                p.batchSize(), p.writeUnits(), p.acceptedEvents(), p.writeUnitsPerEvent(), p.readUnits(),
                p.exactlyOnce() ? "views = reference" : "VIEWS DIFFER: " + p.firstDifference(), p.seconds());
    }
}

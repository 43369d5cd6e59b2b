package io.tidemark.bench.cost.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/**
 * The dated price table the cost model multiplies by: every price of {@code prices-us-east-1.json}
 * (one file, each price with the page it comes from), exact, as {@link BigDecimal}.
 *
 * @param region  the AWS region the prices are for
 * @param asOf    the date they were read
 * @param prices  every {@link Item}'s price
 */
public record Prices(String region, String asOf, Map<Item, Price> prices) {

    /** The resource every run reads. */
    public static final String RESOURCE = "/prices-us-east-1.json";

    /** What is priced, with its key in the file. */
    public enum Item {
        DYNAMODB_WRITE_REQUEST_UNIT, DYNAMODB_READ_REQUEST_UNIT, DYNAMODB_STORAGE_GB_MONTH,
        LAMBDA_GB_SECOND_ARM64, LAMBDA_REQUEST,
        KINESIS_ON_DEMAND_STREAM_HOUR, KINESIS_ON_DEMAND_GB_IN, KINESIS_ON_DEMAND_GB_OUT, KINESIS_SHARD_HOUR, KINESIS_PUT_PAYLOAD_UNIT,
        SNS_PUBLISH, S3_PUT, S3_STORAGE_GB_MONTH,
        FIREHOSE_INGESTION_GB, FIREHOSE_PARTITIONING_GB, FIREHOSE_PARTITIONING_OBJECT,
        FLINK_KPU_HOUR, FLINK_RUNNING_STORAGE_GB_MONTH;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One price: dollars per {@code unit}, and where it was read. */
    public record Price(BigDecimal usd, String unit, String source) {
    }

    public Prices {
        prices = Map.copyOf(prices);
        for (Item item : Item.values()) {
            if (!prices.containsKey(item)) {
                throw new IllegalArgumentException("the price table has no '" + item.key() + "': add it to " + RESOURCE + " with usd, unit and source");
            }
        }
    }

    public BigDecimal usd(Item item) {
        return prices.get(item).usd();
    }

    /** The table shipped with the benchmarks. */
    public static Prices usEast1() {
        try (InputStream in = Prices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: rebuild the bench module");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static Prices parse(JsonNode root) {
        Map<Item, Price> out = new EnumMap<>(Item.class);
        JsonNode prices = root.path("prices");
        for (Item item : Item.values()) {
            JsonNode p = prices.get(item.key());
            if (p == null) {
                continue; // the constructor names what is missing
            }
            String usd = p.path("usd").asText("");
            String source = p.path("source").asText("");
            if (usd.isEmpty() || source.isEmpty()) {
                throw new IllegalArgumentException("price '" + item.key() + "' needs a usd (a decimal string) and a source (the pricing page)");
            }
            out.put(item, new Price(new BigDecimal(usd), p.path("unit").asText(""), source));
        }
        return new Prices(root.path("region").asText(), root.path("as_of").asText(), out);
    }
}

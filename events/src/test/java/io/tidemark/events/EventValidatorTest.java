package io.tidemark.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTest {

    private final EventValidator validator = new EventValidator();

    private static final String PURCHASE =
            "{\"event_id\":\"e1\",\"type\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00.000Z\","
                    + "\"order_id\":\"o1\",\"amount\":37.25}";

    @Test
    void aValidPurchaseKeepsItsExactAmountAndDefaultsTheCurrency() {
        Event e = valid(PURCHASE);
        assertThat(e.type()).isEqualTo(EventType.PURCHASE);
        assertThat(e.amount()).isEqualTo(new BigDecimal("37.25"));
        assertThat(e.currency()).isEqualTo("USD");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void everyEventTypeWithItsRequiredFieldsIsValid() {
        assertThat(valid(json("page_view", "\"page\":\"/\"")).page()).isEqualTo("/");
        assertThat(valid(json("add_to_cart", "\"product_id\":\"p1\"")).quantity()).isEqualTo(1);
        assertThat(valid(json("remove_from_cart", "\"product_id\":\"p1\",\"quantity\":2")).quantity()).isEqualTo(2);
        assertThat(valid(json("ad_impression", "\"ad_id\":\"a1\"")).adId()).isEqualTo("a1");
        assertThat(valid(json("ad_click", "\"ad_id\":\"a1\"")).adId()).isEqualTo("a1");
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        assertThat(valid(json("page_view", "\"page\":\"/\",\"referrer\":{\"x\":[1,2]},\"amount\":\"not checked here\"")).page()).isEqualTo("/");
    }

    @Test
    void offsetsOtherThanZuluAreTheSameInstant() {
        assertThat(valid(json("page_view", "\"page\":\"/\"").replace("2026-11-23T10:00:00.000Z", "2026-11-23T12:00:00+02:00"))
                .timestamp()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "'\"amount\":-3'                    | amount: must be ≥ 0, got -3",
            "'\"amount\":12.345'                | amount: must have at most 2 fraction digits, got 12.345",
            "'\"amount\":\"12.34\"'             | amount: must be a JSON number such as 37.25, got a string ('12.34')",
            "'\"currency\":\"usd\"'             | currency: must be an ISO-4217 code of three capital letters such as USD, got 'usd'",
    })
    void purchaseAmountAndCurrencyRules(String replacement, String expected) {
        String field = replacement.substring(1, replacement.indexOf('"', 1));
        String record = field.equals("amount") ? PURCHASE.replace("\"amount\":37.25", replacement)
                : PURCHASE.replace("}", "," + replacement + "}");
        assertThat(problems(record)).containsExactly(expected);
    }

    @Test
    void trailingZerosBeyondTwoDigitsAreStillTwoDigits() {
        assertThat(valid(PURCHASE.replace("37.25", "37.250")).amount()).isEqualByComparingTo("37.25");
        assertThat(valid(PURCHASE.replace("37.25", "1e2")).amount()).isEqualByComparingTo("100");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        assertThat(problems("{\"type\":\"purchase\",\"user_id\":7,\"timestamp\":\"2026-11-23 10:00\",\"amount\":-1.005}"))
                .containsExactly(
                        "event_id: is required",
                        "user_id: must be a string, got a number (7)",
                        "timestamp: must be an ISO-8601 instant with an offset, such as 2026-11-23T10:00:00.000Z, got '2026-11-23 10:00'",
                        "order_id: is required",
                        "amount: must be ≥ 0, got -1.005",
                        "amount: must have at most 2 fraction digits, got -1.005");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "'not json'                         | record: is not valid JSON",
            "'[1,2]'                            | record: must be a JSON object, got an array",
            "'{\"a\":1} {\"b\":2}'              | record: is not valid JSON",
            "''                                 | record: is empty: expected a JSON object",
            "'{\"a\":1,\"a\":2}'                | record: is not valid JSON",
    })
    void recordsThatAreNotOneJsonObject(String record, String expectedPrefix) {
        assertThat(problems(record)).singleElement().asString().startsWith(expectedPrefix);
    }

    @Test
    void timestampsNeedAnOffsetAndMustExist() {
        assertThat(problems(json("page_view", "\"page\":\"/\"").replace(".000Z", "")))
                .singleElement().asString().startsWith("timestamp: must be an ISO-8601 instant with an offset");
        assertThat(problems(json("page_view", "\"page\":\"/\"").replace("2026-11-23T10", "2026-11-31T10")))
                .singleElement().asString().startsWith("timestamp: is not a real instant");
    }

    @Test
    void typeSpecificFieldsAreRequired() {
        assertThat(problems(json("page_view", "\"x\":1"))).containsExactly("page: is required");
        assertThat(problems(json("add_to_cart", "\"quantity\":0"))).containsExactly("product_id: is required", "quantity: must be ≥ 1, got 0");
        assertThat(problems(json("add_to_cart", "\"product_id\":\"p1\",\"quantity\":1.5")))
                .containsExactly("quantity: must be a whole number ≥ 1, got 1.5");
        assertThat(problems(json("ad_click", "\"ad_id\":null"))).containsExactly("ad_id: must be a string, got null");
        assertThat(problems(json("checkout", "\"x\":1"))).singleElement().asString()
                .startsWith("type: must be one of page_view, add_to_cart");
    }

    @Test
    void identifiersAreOneTo128Characters() {
        assertThat(problems(json("page_view", "\"page\":\"/\"").replace("\"e1\"", "\"\""))).containsExactly("event_id: must not be empty");
        String long129 = "x".repeat(129);
        assertThat(problems(json("page_view", "\"page\":\"/\"").replace("\"u1\"", "\"" + long129 + "\"")))
                .containsExactly("user_id: must be at most 128 characters, got 129");
        assertThat(valid(json("page_view", "\"page\":\"/\"").replace("\"u1\"", "\"" + "é".repeat(128) + "\"")).userId()).hasSize(128);
    }

    @Test
    void oversizeRecordsAreRejectedWithoutParsing() {
        byte[] big = new byte[EventValidator.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(validator.validate(big)).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                i -> assertThat(i.summary()).isEqualTo("record: is 1048577 bytes, more than the 1 MiB (1048576 bytes) limit"));
    }

    @Test
    void writtenEventsValidateBackToTheSameEvent() {
        Event e = Event.purchase("e9", "u9", Instant.parse("2026-11-23T10:15:30.123Z"), "o9", new BigDecimal("0.10"), "EUR");
        assertThat(valid(EventJson.toJson(e))).isEqualTo(e);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "'{\"x\":{\"a\":1,\"a\":2}}'   | record: is not valid JSON: Duplicate field 'a' at line 1, column 16",
            "'{\"a\":1}\n{\"b\":2}'         | record: is not valid JSON: Trailing token (of type START_OBJECT) found after the JSON value: put exactly one JSON object in a record at line 2, column 1",
            "'[1] 2'                             | record: is not valid JSON: Trailing token (of type VALUE_NUMBER_INT) found after the JSON value: put exactly one JSON object in a record at line 1, column 5",
            "'{\"a\":1} x'                     | record: is not valid JSON: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 10",
            "'{\"a\":\n  [1,]}'               | record: is not valid JSON: Unexpected character (']' (code 93)): expected a value at line 2, column 6",
            "'{\"a\":[1,{\"b\":\"\\x\"}]}' | record: is not valid JSON: Unrecognized character escape 'x' (code 120) at line 1, column 16",
            "'[1,2'                              | record: is not valid JSON: Unexpected end-of-input: expected close marker for Array (start marker at [Source: (byte[])\"[1,2\"; line: 1, column: 1]) at line 1, column 5",
            "'\"str\"'                         | record: must be a JSON object, got a string ('str')",
            "'1e2'                               | record: must be a JSON object, got a number (1E+2)",
            "'null'                              | record: must be a JSON object, got null",
            "' \n '                             | record: is empty: expected a JSON object",
    })
    void malformedRecordsAreRejectedWithTheParsersWordsAndPlace(String record, String expected) {
        assertThat(problems(record)).containsExactly(expected);
    }

    @Test
    void aMalformedStringAnywhereInTheRecordIsRejectedEvenInAMemberNobodyReads() {
        byte[] record = (json("page_view", "\"page\":\"/\",\"extra\":{\"deep\":[\"") + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[record.length + 1];
        int at = record.length - 4; // inside the empty string, before its closing quote
        System.arraycopy(record, 0, broken, 0, at);
        broken[at] = (byte) 0xC3; // a two-byte UTF-8 lead followed by a quote
        System.arraycopy(record, at, broken, at + 1, record.length - at);
        assertThat(validator.validate(broken).summary()).startsWith("record: is not valid JSON: Invalid UTF-8 middle byte 0x22");
    }

    @Test
    void containersAndOtherKindsWhereAStringOrNumberBelongsAreNamed() {
        assertThat(problems(json("add_to_cart", "\"product_id\":{\"id\":\"p1\"},\"quantity\":[2]"))).containsExactly(
                "product_id: must be a string, got an object", "quantity: must be a whole number ≥ 1, got an array");
        assertThat(problems(json("purchase", "\"order_id\":true,\"amount\":null,\"currency\":1.50"))).containsExactly(
                "order_id: must be a string, got a boolean (true)", "amount: must be a JSON number such as 37.25, got null",
                "currency: must be a string, got a number (1.50)");
        assertThat(problems(json("page_view", "\"page\":\"/\"").replace("\"page_view\"", "2e3"))).containsExactly(
                "type: must be a string, got a number (2E+3)");
    }

    @Test
    void numbersAreReadExactlyWhateverTheirNotation() {
        assertThat(valid(json("add_to_cart", "\"product_id\":\"p1\",\"quantity\":1e2")).quantity()).isEqualTo(100);
        assertThat(valid(json("add_to_cart", "\"product_id\":\"p1\",\"quantity\":2.0")).quantity()).isEqualTo(2);
        assertThat(problems(json("add_to_cart", "\"product_id\":\"p1\",\"quantity\":99999999999999999999999")))
                .containsExactly("quantity: must be at most 1000000, got 99999999999999999999999");
        assertThat(problems(json("add_to_cart", "\"product_id\":\"p1\",\"quantity\":1e-400")))
                .containsExactly("quantity: must be a whole number ≥ 1, got 1E-400");
        assertThat(valid(PURCHASE.replace("37.25", "0.10")).amount()).isEqualTo(new BigDecimal("0.10")).extracting(BigDecimal::scale).isEqualTo(2);
        assertThat(valid(PURCHASE.replace("37.25", "12345678901234567890123.45")).amount()).isEqualTo(new BigDecimal("12345678901234567890123.45"));
        assertThat(valid(PURCHASE.replace("37.25", "1E-2")).amount()).isEqualTo(new BigDecimal("0.01"));
        assertThat(problems(PURCHASE.replace("37.25", "-0.001"))).containsExactly("amount: must be ≥ 0, got -0.001",
                "amount: must have at most 2 fraction digits, got -0.001");
    }

    private static String json(String type, String fields) {
        return "{\"event_id\":\"e1\",\"type\":\"" + type + "\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00.000Z\"," + fields + "}";
    }

    private Event valid(String record) {
        ValidationResult r = validator.validate(record.getBytes(StandardCharsets.UTF_8));
        assertThat(r).as(r.summary()).isInstanceOf(ValidationResult.Valid.class);
        return ((ValidationResult.Valid) r).event();
    }

    private List<String> problems(String record) {
        ValidationResult r = validator.validate(record);
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) r).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aRecordAggregatedByTheKinesisProducerLibraryIsRejectedWithWhatToDo() throws Exception {
        byte[] event = "{\"event_id\":\"e1\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"page\":\"/\"}"
                .getBytes(StandardCharsets.UTF_8);
        // KPL's envelope: magic, then protobuf AggregatedRecord {partition_key_table: ["u1"], records: [{partition_key_index: 0, data}]}, then its MD5.
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.write(new byte[] {0x08, 0x00, 0x1A, (byte) event.length});
        inner.write(event);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(new byte[] {0x0A, 0x02, 'u', '1', 0x1A, (byte) inner.size()});
        inner.writeTo(message);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        message.writeTo(record);
        record.write(MessageDigest.getInstance("MD5").digest(message.toByteArray()));

        ValidationResult result = validator.validate(record.toByteArray());

        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        assertThat(((ValidationResult.Invalid) result).problems()).singleElement().asString()
                .startsWith("record: is aggregated by the Kinesis Producer Library").contains("AggregationEnabled=false");
    }
}

package io.tidemark.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-unit calculator against the worked examples of AWS's documentation of item sizes
 * ("DynamoDB item sizes and formats") and capacity ("DynamoDB read and write operations", conditional
 * writes, transactions). The reproduction of the recorded standard run (9 795 units) is in the bench module.
 */
class WriteUnitsTest {

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    @Test
    void anItemIsTheSumOfItsAttributeNamesAndValues() {
        // The documentation's example: "shirt-color" = "R" and "shirt-size" = "M" is 23 bytes.
        assertThat(WriteUnits.itemSize(Map.of("shirt-color", s("R"), "shirt-size", s("M")))).isEqualTo(23);
        // Strings by their UTF-8 bytes, names too.
        assertThat(WriteUnits.itemSize(Map.of("é", s("日本")))).isEqualTo(2 + 6);
        // Binary by its raw bytes, not its base64 form; a boolean or null 1 byte.
        assertThat(WriteUnits.itemSize(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[100])),
                "t", AttributeValue.fromBool(true), "z", AttributeValue.fromNul(true)))).isEqualTo(1 + 100 + 1 + 1 + 1 + 1);
    }

    @Test
    void aNumberIsOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(WriteUnits.numberSize("7")).isEqualTo(2);
        assertThat(WriteUnits.numberSize("0")).as("no significant digit once the zeros are trimmed").isEqualTo(1);
        assertThat(WriteUnits.numberSize("12")).isEqualTo(2);
        assertThat(WriteUnits.numberSize("123")).isEqualTo(3);
        // Leading and trailing zeros are trimmed: 1 200 000 has two significant digits, like 0.0012.
        assertThat(WriteUnits.numberSize("1200000")).isEqualTo(2);
        assertThat(WriteUnits.numberSize("0.0012")).isEqualTo(2);
        assertThat(WriteUnits.numberSize("-37.25")).isEqualTo(3);
        assertThat(WriteUnits.numberSize("1795428000000")).isEqualTo(WriteUnits.numberSize("1795428"));
    }

    @Test
    void listsAndMapsCostThreeBytesAndOneBytePerElement() {
        // Empty: name + 3.
        assertThat(WriteUnits.itemSize(Map.of("l", AttributeValue.fromL(List.of())))).isEqualTo(1 + 3);
        // Two strings of 1 byte: 3 + 2 × (1 + 1).
        assertThat(WriteUnits.itemSize(Map.of("l", AttributeValue.fromL(List.of(s("a"), s("b")))))).isEqualTo(1 + 3 + 4);
        // A map element also counts its name: 3 + (1 + "ab" + "x").
        assertThat(WriteUnits.itemSize(Map.of("m", AttributeValue.fromM(Map.of("ab", s("x")))))).isEqualTo(1 + 3 + 1 + 2 + 1);
        // A set: its elements, no overhead.
        assertThat(WriteUnits.itemSize(Map.of("ss", AttributeValue.fromSs(List.of("ab", "cde"))))).isEqualTo(2 + 5);
    }

    @Test
    void aWriteCostsOneUnitPerStartedKilobyte() {
        assertThat(WriteUnits.units(0)).isEqualTo(1);
        assertThat(WriteUnits.units(500)).as("a 500-byte item: 1 unit").isEqualTo(1);
        assertThat(WriteUnits.units(1024)).isEqualTo(1);
        assertThat(WriteUnits.units(1025)).isEqualTo(2);
        assertThat(WriteUnits.units(3_584)).as("3.5 KB: 4 units").isEqualTo(4);
        assertThat(WriteUnits.put(Map.of("pk", s("x".repeat(1_022)), "s", s("")))).as("2 + 1 022 + 1 bytes: 1 025").isEqualTo(2);
    }

    @Test
    void aReplacementIsChargedByTheLargerItemAndAFailedConditionByTheExistingOne() {
        Map<String, AttributeValue> small = Map.of("pk", s("k"), "d", s("x"));
        Map<String, AttributeValue> big = Map.of("pk", s("k"), "d", s("x".repeat(300 * 1024)));
        Map<String, AttributeValue> bigger = Map.of("pk", s("k"), "d", s("x".repeat(310 * 1024)));
        // The documentation's example: an existing 300 KB item, a new 310 KB one: 310 units to write it, 300 if the condition fails.
        assertThat(WriteUnits.replace(bigger, big)).isEqualTo(311); // 310 KB of value plus the names and key
        assertThat(WriteUnits.failedCondition(big)).isEqualTo(301);
        assertThat(WriteUnits.replace(small, big)).as("shrinking a 300 KB item still costs 300 KB").isEqualTo(301);
        assertThat(WriteUnits.replace(small, null)).isEqualTo(1);
        assertThat(WriteUnits.failedCondition(null)).as("no existing item: 1").isEqualTo(1);
    }

    @Test
    void aTransactionalWriteCostsTwice() {
        Map<String, AttributeValue> oneKb = Map.of("pk", s("x".repeat(1_000)));
        Map<String, AttributeValue> threeKb = Map.of("pk", s("x".repeat(3_000)));
        assertThat(WriteUnits.transaction(List.of(oneKb))).as("a 1 KB item: 2 units").isEqualTo(2);
        assertThat(WriteUnits.transaction(List.of(oneKb, threeKb))).isEqualTo(2 + 6);
    }
}

package io.tidemark.bench.cost.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricesTest {

    @Test
    void theShippedTableIsDatedAndNamesTheSourceOfEveryPrice() {
        Prices prices = Prices.usEast1();
        assertThat(prices.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(prices.region()).isEqualTo("us-east-1");
        assertThat(prices.prices().values()).allSatisfy(p -> {
            assertThat(p.source()).startsWith("https://");
            assertThat(p.usd()).isPositive();
        });
        assertThat(prices.usd(Prices.Item.DYNAMODB_WRITE_REQUEST_UNIT)).isEqualByComparingTo("0.000000625");
    }

    @Test
    void aMissingPriceIsNamed() throws Exception {
        var json = new ObjectMapper().readTree("{\"region\":\"r\",\"as_of\":\"2026-12-05\",\"prices\":{}}");
        assertThatThrownBy(() -> Prices.parse(json)).hasMessageContaining("dynamodb_write_request_unit").hasMessageContaining("source");
    }

    @Test
    void aPriceWithoutItsSourceIsRefused() throws Exception {
        var json = new ObjectMapper().readTree("{\"prices\":{\"sns_publish\":{\"usd\":\"0.0000005\"}}}");
        assertThatThrownBy(() -> Prices.parse(json)).hasMessageContaining("'sns_publish' needs a usd").hasMessageContaining("source");
    }
}

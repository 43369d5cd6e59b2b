package io.tidemark.events;

import io.tidemark.events.generator.Corruption;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorProperties {

    private final EventValidator validator = new EventValidator();

    @Property(tries = 40)
    void everyGeneratedValidRecordPassesTheValidatorUnchanged(@ForAll long seed, @ForAll @IntRange(min = 1, max = 50) int users,
                                                             @ForAll @DoubleRange(min = 0, max = 1) double abandon) {
        GeneratorSettings settings = new GeneratorSettings(seed, users, 400, GeneratorSettings.DEFAULT_START, null, abandon, 0.05, 0.2,
                0.02, 0, java.time.Duration.ofMinutes(2), GeneratorSettings.DelayDistribution.EXPONENTIAL,
                java.time.Duration.ofMinutes(30), java.time.Duration.ofMinutes(90));
        for (GeneratedRecord r : new TrafficGenerator(settings).generate()) {
            ValidationResult result = validator.validate(EventJson.toBytes(r.event()));
            assertThat(result).as(result.summary()).isInstanceOf(ValidationResult.Valid.class);
            assertThat(((ValidationResult.Valid) result).event()).isEqualTo(r.event());
        }
    }

    @Property(tries = 200)
    void everyCorruptionIsRejectedWithAReasonNamingItsField(@ForAll long seed, @ForAll Corruption corruption) {
        GeneratorSettings settings = GeneratorSettings.defaults(seed).withUsers(5).withCount(30).withFaults(0, 0, 0, 1.0);
        List<GeneratedRecord> invalid = new TrafficGenerator(settings).generate().stream()
                .filter(r -> r.kind() == GeneratedRecord.Kind.INVALID).toList();
        assertThat(invalid).isNotEmpty();
        // Re-corrupt each source event with the corruption under test, whatever the generator drew.
        for (GeneratedRecord r : invalid) {
            String line = Corruptions.apply(corruption, r.event());
            ValidationResult result = validator.validate(line);
            assertThat(result).as(line).isInstanceOf(ValidationResult.Invalid.class);
            assertThat(((ValidationResult.Invalid) result).problems())
                    .as("%s on %s gave %s", corruption, line, result.summary())
                    .anySatisfy(p -> assertThat(p.field()).isEqualTo(corruption.field()));
        }
    }

    @Property(tries = 100)
    void amountsWithAtMostTwoFractionDigitsAreExactAndAcceptedOthersRejected(@ForAll("cents") long cents, @ForAll @IntRange(min = 0, max = 4) int extraZeros,
                                                                           @ForAll @IntRange(min = 1, max = 9) int thirdDigit) {
        String two = java.math.BigDecimal.valueOf(cents, 2).toPlainString() + "0".repeat(extraZeros);
        String record = "{\"event_id\":\"e\",\"type\":\"purchase\",\"user_id\":\"u\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"order_id\":\"o\",\"amount\":%s}";
        ValidationResult ok = validator.validate(String.format(record, two));
        assertThat(ok).isInstanceOf(ValidationResult.Valid.class);
        assertThat(((ValidationResult.Valid) ok).event().amount()).isEqualByComparingTo(java.math.BigDecimal.valueOf(cents, 2));
        ValidationResult bad = validator.validate(String.format(record, java.math.BigDecimal.valueOf(cents, 2).toPlainString() + thirdDigit));
        assertThat(bad.summary()).startsWith("amount: must have at most 2 fraction digits");
    }

    @Provide
    Arbitrary<Long> cents() {
        return Arbitraries.longs().between(0, 10_000_000_000L);
    }
}

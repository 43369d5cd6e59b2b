package io.tidemark.handlers;

import io.tidemark.events.EventValidator;
import io.tidemark.events.Problem;
import io.tidemark.events.ValidationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * docs/spec.md §1 decoding and validation for the handlers: the events module's {@link EventValidator}, the
 * contract's one implementation (checked against the published JSON Schemas), so that the handler
 * accepts exactly the records that {@code tidemark put}, the reference and every other reader
 * accept. Every problem names its field ({@code amount: must be ≥ 0, got -3}). Thread-safe.
 */
public final class JsonEventDecoder implements RecordDecoder {

    private final EventValidator validator = new EventValidator();

    @Override
    public Decoded decode(byte[] data) {
        if (data == null) {
            return new Invalid(List.of("record: is empty: expected a JSON object"));
        }
        ValidationResult result = validator.validate(data);
        if (result instanceof ValidationResult.Valid valid) {
            return new Valid(valid.event());
        }
        List<String> reasons = new ArrayList<>();
        for (Problem problem : ((ValidationResult.Invalid) result).problems()) {
            reasons.add(problem.toString());
        }
        return new Invalid(reasons);
    }
}

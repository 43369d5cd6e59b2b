package io.tidemark.bench.flink.job;

import io.tidemark.events.Event;
import io.tidemark.events.EventValidator;
import io.tidemark.events.ValidationResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses and validates each record with the project's {@link EventValidator} (docs/spec.md §1); invalid
 * records are counted as rejected and go nowhere else (Tidemark quarantines them; here the count is
 * what the report needs).
 */
final class ValidateRecords extends ProcessFunction<byte[], Event> {

    private transient EventValidator validator;
    private transient LongCounter rejected;

    @Override
    public void open(OpenContext context) {
        validator = new EventValidator();
        rejected = getRuntimeContext().getLongCounter(Counters.REJECTED);
    }

    @Override
    public void processElement(byte[] record, Context ctx, Collector<Event> out) {
        if (validator.validate(record) instanceof ValidationResult.Valid valid) {
            out.collect(valid.event());
        } else {
            rejected.add(1);
        }
    }
}

package io.tidemark.testkit;

import io.tidemark.core.report.Report;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.EventValidator;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.ValidationResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference report of a JSON Lines file in arrival order, for end-to-end tests: every line is
 * validated, and a record is late when its event time is behind {@code max event time of the
 * earlier accepted records − watermark delay − allowed lateness} — the watermark a single stream
 * would have. Generated late events arrive 30+ minutes late, far beyond the 12-minute default
 * horizon, so a sharded pipeline (whose watermark can only lag this one) agrees on every one of them.
 */
public final class FileReference {

    private FileReference() {
    }

    public static Report of(List<String> lines, EventTimeSettings time) {
        EventValidator validator = new EventValidator();
        List<StreamRecord> records = new ArrayList<>();
        Set<String> late = new HashSet<>();
        Set<String> ids = new HashSet<>();
        long horizonLag = time.watermarkDelay().toMillis() + time.allowedLateness().toMillis();
        long maxAccepted = Long.MIN_VALUE;
        int n = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String seq = String.format("%020d", ++n);
            byte[] data = line.getBytes(StandardCharsets.UTF_8);
            ValidationResult result = validator.validate(data);
            if (result instanceof ValidationResult.Valid valid) {
                long t = valid.event().eventTimeMillis();
                records.add(StreamRecord.valid(seq, valid.event().userId(), 0, valid.event()));
                if (maxAccepted != Long.MIN_VALUE && t < maxAccepted - horizonLag) {
                    late.add(seq);
                } else if (ids.add(valid.event().eventId())) {
                    maxAccepted = Math.max(maxAccepted, t);
                }
            } else {
                records.add(StreamRecord.rejected(seq, PartitionKeys.of(data), 0,
                        ((ValidationResult.Invalid) result).problems().stream().map(Object::toString).toList(), data));
            }
        }
        return ReferencePipeline.run(records, late);
    }
}

package io.tidemark.bench.cost.model;

/**
 * What one implementation was measured to do at one batch size.
 *
 * @param batchSize                 records per handler invocation
 * @param writeUnitsPerEvent        DynamoDB write units per accepted event
 * @param readUnitsPerEvent         read units per accepted event
 * @param viewWriteUnitsPerEvent    of the write units, those of the rows a reader or an alert consumer sees (views, alerts,
 *                                  quarantine): what any engine computing the same product writes
 * @param writeRequestsPerBatch     DynamoDB write requests per invocation (each a round trip)
 * @param handlerMsPerBatch         the handler's wall time per invocation, measured in process
 */
public record UnitsAtBatch(int batchSize, double writeUnitsPerEvent, double readUnitsPerEvent, double viewWriteUnitsPerEvent,
                           double writeRequestsPerBatch, double handlerMsPerBatch) {

    public UnitsAtBatch {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
    }
}

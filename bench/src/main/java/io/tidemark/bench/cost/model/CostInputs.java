package io.tidemark.bench.cost.model;

import java.time.Duration;
import java.util.List;

/**
 * Everything the cost model multiplies prices by. The suite fills it from one run's measurements; the
 * few figures that are not measured here are named as assumptions where they are used.
 *
 * @param tidemark                 Tidemark's units and handler time at each measured batch size
 * @param naive                    the naive per-event pipeline's, at the batch sizes of the traffic levels
 * @param recordBytes              mean bytes of a record on the stream
 * @param archiveBytesPerEvent     bytes a record takes in the archive, gzipped (measured on the run's input)
 * @param stateBytesPerEvent       bytes written to the state table per event (kept for the state items' time to live)
 * @param viewBytesPerEvent        bytes written to the view, alert and quarantine tables per event (kept)
 * @param alertsPerEvent           alerts (SNS publishes) per accepted event
 * @param flinkEventsPerCpuSecond  the Flink job's measured events per CPU-second with checkpointing on
 * @param flinkCheckpointing       how the Flink job checkpointed while measured
 * @param handlerMemoryMb          the Kinesis handler's memory (CDK context kinesisHandlerMemoryMb)
 * @param dynamoRoundTripMs        one DynamoDB write request's round trip, added per request to the in-process handler time (assumed)
 * @param sweeperSecondsPerRun     the sweeper's duration per scheduled run (assumed), one run a minute
 * @param publisherSecondsPerRun   the alert publisher's duration per invocation (assumed; 512 MB, one invocation per alerts row at most)
 * @param batchingWindow           the event source mapping's batching window (from the latency budget)
 * @param maximumBatchSize         the mapping's batch size
 * @param shardHeadroom            traffic × this must fit the provisioned shards' limits
 * @param stateItemTtl             how long state items are kept
 * @param archive                  how the archive is built
 */
public record CostInputs(List<UnitsAtBatch> tidemark, List<UnitsAtBatch> naive, double recordBytes, double archiveBytesPerEvent,
                         double stateBytesPerEvent, double viewBytesPerEvent, double alertsPerEvent, double flinkEventsPerCpuSecond,
                         String flinkCheckpointing, int handlerMemoryMb, double dynamoRoundTripMs, double sweeperSecondsPerRun,
                         double publisherSecondsPerRun,
                         Duration batchingWindow, int maximumBatchSize, double shardHeadroom, Duration stateItemTtl, ArchiveInputs archive) {

    public CostInputs {
        tidemark = List.copyOf(tidemark);
        naive = List.copyOf(naive);
        if (flinkEventsPerCpuSecond <= 0) {
            throw new IllegalArgumentException("flinkEventsPerCpuSecond must be positive (the Flink job's measured throughput), got "
                    + flinkEventsPerCpuSecond);
        }
    }

    public StreamShape shape(double eventsPerSecond, KinesisMode mode) {
        return StreamShape.at(eventsPerSecond, mode, recordBytes, shardHeadroom, batchingWindow, maximumBatchSize);
    }
}

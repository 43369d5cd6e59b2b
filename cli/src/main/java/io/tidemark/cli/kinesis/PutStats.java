package io.tidemark.cli.kinesis;

import java.util.List;

/**
 * What a {@link KinesisPutter} did.
 *
 * @param sent      records Kinesis acknowledged
 * @param retried   record retries (a record retried twice counts twice), after partial failures or throttled requests
 * @param throttled records or requests answered with ProvisionedThroughputExceededException or a throttling error
 * @param failed    records given up on after the last attempt (or after a non-retryable error)
 * @param requests  PutRecords calls made
 * @param reshards  times the stream's shards changed under the put (new lanes after a split or merge)
 * @param failures  the first failures, with their input lines and reasons
 */
public record PutStats(long sent, long retried, long throttled, long failed, long requests, long reshards, List<Failure> failures) {

    public record Failure(long line, String reason) {
    }
}

package io.tidemark.bench.cost.model;

/**
 * How the event archive is built, priced as its own line. {@link #firehose()} models what is deployed
 * today (Firehose reading the stream, dynamic partitioning by event date, a transformation Lambda, S3).
 * An archive written by a dedicated archiver fills the same fields from its own measurements:
 * {@code ingestionStepBytes = 0}, {@code partitioning = false}, the records its objects hold, its
 * Lambda's invocations and duration.
 *
 * @param label                        what the archive is, as the tables name it
 * @param source                       where the numbers come from (measured by what, or assumed)
 * @param ingestionStepBytes           Firehose bills each record rounded up to this (5 KB); 0: no Firehose ingestion
 * @param partitioning                 Firehose dynamic partitioning (billed per GB processed and per object)
 * @param objectBufferBytes            an S3 object is written when this many raw bytes have gathered …
 * @param objectBufferSeconds          … or this long has passed, whichever comes first
 * @param eventsPerLambdaInvocation    records per invocation of the archive's Lambda (0: none)
 * @param lambdaSecondsPerInvocation   its billed duration per invocation
 * @param lambdaMemoryMb               its memory
 * @param storedBytesPerEventOverride  bytes stored in S3 per event if known (0: the run's measured gzip size)
 * @param readsTheStream               whether it is a consumer of the stream (on-demand Kinesis bills each consumer's reads)
 */
public record ArchiveInputs(String label, String source, long ingestionStepBytes, boolean partitioning, long objectBufferBytes,
                            long objectBufferSeconds, long eventsPerLambdaInvocation, double lambdaSecondsPerInvocation, int lambdaMemoryMb,
                            double storedBytesPerEventOverride, boolean readsTheStream) {

    public ArchiveInputs {
        if (objectBufferBytes <= 0 || objectBufferSeconds <= 0) {
            throw new IllegalArgumentException("objectBufferBytes and objectBufferSeconds must be positive (when an S3 object is written), got "
                    + objectBufferBytes + " and " + objectBufferSeconds);
        }
    }

    /**
     * Today's archive (infra-cdk EventArchive): 64 MB or 300 s buffers, dynamic partitioning, a 512 MB
     * transformation Lambda that Firehose calls with about 1 MB of records. Its duration is not measured here:
     * 0.1 s per invocation is assumed.
     */
    public static ArchiveInputs firehose(double recordBytes) {
        long perInvocation = Math.max(1, Math.round(1_048_576 / Math.max(1, recordBytes)));
        return new ArchiveInputs("Firehose (5 KB steps per record, dynamic partitioning) + transformation Lambda + S3",
                "infra-cdk EventArchive's buffers; transformation duration assumed 0.1 s", 5_120, true, 64L * 1_048_576, 300, perInvocation, 0.1, 512,
                0, true);
    }
}

package io.tidemark.bench.cost.model;

/**
 * How the event archive is built, priced as its own line. {@link #firehose} models what is deployed
 * today (Firehose reading the stream, dynamic partitioning by event date, a transformation Lambda, S3);
 * {@link #archiver} an archiver Lambda on a mapping of its own that writes one object per batch, filled
 * from that archiver's own measurements (invocations, PUTs, duration, stored bytes).
 *
 * @param label                        what the archive is, as the tables name it
 * @param source                       where the numbers come from (measured by what, or assumed)
 * @param ingestionStepBytes           Firehose bills each record rounded up to this (5 KB); 0: no Firehose ingestion
 * @param partitioning                 Firehose dynamic partitioning (billed per GB processed and per object)
 * @param objectBufferRecords          an object (or batch) holds at most this many records …
 * @param objectBufferBytes            … or raw bytes …
 * @param objectBufferSeconds          … or the records of this long, whichever comes first
 * @param buffersPerShard              whether each shard fills its own buffer (a Lambda mapping) or the whole stream one (Firehose)
 * @param putsPerObject                S3 PUTs per buffer written (e.g. one per event date in it)
 * @param lambdaPerObject              one Lambda invocation per buffer (an archiver), else {@code eventsPerLambdaInvocation}
 * @param eventsPerLambdaInvocation    records per invocation of a transformation Lambda (0: none)
 * @param lambdaSecondsPerInvocation   the Lambda's billed duration per invocation
 * @param lambdaMemoryMb               its memory
 * @param storedBytesPerEventOverride  bytes stored in S3 per event if measured by the archive itself (0: the run's gzip size)
 * @param readsTheStream               whether it is a consumer of the stream (on-demand Kinesis bills each consumer's reads)
 */
public record ArchiveInputs(String label, String source, long ingestionStepBytes, boolean partitioning, long objectBufferRecords,
                            long objectBufferBytes, long objectBufferSeconds, boolean buffersPerShard, double putsPerObject, boolean lambdaPerObject,
                            long eventsPerLambdaInvocation, double lambdaSecondsPerInvocation, int lambdaMemoryMb, double storedBytesPerEventOverride,
                            boolean readsTheStream) {

    /** Lambda's limit on an invocation's payload, which also bounds a Kinesis batch. */
    public static final long LAMBDA_PAYLOAD_BYTES = 6L * 1_048_576;

    public ArchiveInputs {
        if (objectBufferRecords <= 0 || objectBufferBytes <= 0 || objectBufferSeconds <= 0) {
            throw new IllegalArgumentException("objectBufferRecords, objectBufferBytes and objectBufferSeconds must be positive (when an object is "
                    + "written), got " + objectBufferRecords + ", " + objectBufferBytes + " and " + objectBufferSeconds);
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
                "infra-cdk EventArchive's buffers; transformation duration assumed 0.1 s", 5_120, true, Long.MAX_VALUE, 64L * 1_048_576, 300, false, 1,
                false, perInvocation, 0.1, 512, 0, true);
    }

    /**
     * An archiver Lambda on its own mapping of the stream: each shard's batch (at most {@code maxRecordsPerInvocation} records,
     * Lambda's 6 MB payload, or the {@code windowSeconds} batching window) is one invocation of {@code secondsPerInvocation} and
     * {@code putsPerInvocation} S3 PUTs; {@code storedBytesPerEvent} as the archiver measured it.
     */
    public static ArchiveInputs archiver(long maxRecordsPerInvocation, long windowSeconds, double putsPerInvocation, double secondsPerInvocation,
                                         int memoryMb, double storedBytesPerEvent, String source) {
        return new ArchiveInputs("archiver Lambda (one object per batch and event date) + S3", source, 0, false, maxRecordsPerInvocation,
                LAMBDA_PAYLOAD_BYTES, windowSeconds, true, putsPerInvocation, true, 0, secondsPerInvocation, memoryMb, storedBytesPerEvent, true);
    }
}

package io.tidemark.cli.kinesis;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Puts records on a Kinesis stream with {@code PutRecords}: batches of at most 500 records and
 * 5 MiB, several requests in flight, and only the failed entries of a partly failed request sent
 * again, after exponential backoff with full jitter (throttling included), up to a number of
 * attempts. Feed it with {@link #add}, then {@link #finish}.
 * <p>
 * Records of one partition key keep their order only with {@code concurrency = 1}: with more
 * requests in flight, or after a retry, Kinesis may receive them in another order (the pipeline
 * works in event time, so this changes nothing but ties).
 */
public final class KinesisPutter implements AutoCloseable {

    public static final int MAX_RECORDS_PER_REQUEST = 500;
    public static final int MAX_BYTES_PER_REQUEST = 5 * 1024 * 1024;
    private static final int MAX_REPORTED_FAILURES = 100;
    private static final Set<String> RETRYABLE_ENTRY_ERRORS = Set.of("ProvisionedThroughputExceededException", "InternalFailure");

    /**
     * @param stream       stream name, or its ARN
     * @param concurrency  PutRecords requests in flight
     * @param maxAttempts  attempts per record before it counts as failed
     * @param baseBackoff  first backoff; doubles per attempt, with full jitter
     * @param maxBackoff   backoff cap
     */
    public record Settings(String stream, int concurrency, int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
        public Settings {
            if (concurrency < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("concurrency and attempts must be ≥ 1");
            }
        }

        public static Settings defaults(String stream) {
            return new Settings(stream, 4, 10, Duration.ofMillis(100), Duration.ofSeconds(5));
        }
    }

    private final KinesisAsyncClient kinesis;
    private final Settings settings;
    private final LongConsumer onSent;
    private final Semaphore inFlight;
    private final Phaser pending = new Phaser(1);
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kinesis-put-retries");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final List<PutStats.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

    private List<OutgoingRecord> batch = new ArrayList<>(MAX_RECORDS_PER_REQUEST);
    private int batchBytes;

    /** @param onSent called with the number of records acknowledged by each response (progress) */
    public KinesisPutter(KinesisAsyncClient kinesis, Settings settings, LongConsumer onSent) {
        this.kinesis = kinesis;
        this.settings = settings;
        this.onSent = onSent;
        this.inFlight = new Semaphore(settings.concurrency());
    }

    /**
     * Queues one record; blocks while {@code concurrency} requests are in flight.
     *
     * @throws IllegalStateException once a non-retryable error (no such stream, access denied) stopped the run
     */
    public void add(OutgoingRecord record) throws InterruptedException {
        throwIfStopped();
        if (record.requestBytes() > MAX_BYTES_PER_REQUEST) {
            fail(List.of(record), "record is larger than a PutRecords request may be");
            return;
        }
        if (batch.size() == MAX_RECORDS_PER_REQUEST || batchBytes + record.requestBytes() > MAX_BYTES_PER_REQUEST) {
            flush();
        }
        batch.add(record);
        batchBytes += record.requestBytes();
    }

    /** Sends what is queued, waits for every record to be acknowledged or given up, and returns the totals. */
    public PutStats finish() throws InterruptedException {
        flush();
        pending.arriveAndAwaitAdvance();
        throwIfStopped();
        return stats();
    }

    public PutStats stats() {
        return new PutStats(sent.get(), retried.get(), throttled.get(), failed.get(), requests.get(), List.copyOf(failures));
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }

    private void flush() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<OutgoingRecord> toSend = batch;
        batch = new ArrayList<>(MAX_RECORDS_PER_REQUEST);
        batchBytes = 0;
        inFlight.acquire();
        pending.register();
        send(toSend, 1);
    }

    /** One request for {@code records}; its permit and phaser party are released when all of them are settled. */
    private void send(List<OutgoingRecord> records, int attempt) {
        if (fatal.get() != null) {
            fail(records, "not sent: " + fatal.get().getMessage());
            settle();
            return;
        }
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (OutgoingRecord r : records) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(r.partitionKey()).data(SdkBytes.fromByteArrayUnsafe(r.data())).build());
        }
        PutRecordsRequest.Builder request = PutRecordsRequest.builder().records(entries);
        if (settings.stream().startsWith("arn:")) {
            request.streamARN(settings.stream());
        } else {
            request.streamName(settings.stream());
        }
        requests.incrementAndGet();
        CompletableFuture<PutRecordsResponse> response;
        try {
            response = kinesis.putRecords(request.build());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((ok, error) -> {
            try {
                if (error != null) {
                    onRequestFailure(records, attempt, unwrap(error));
                } else {
                    onResponse(records, attempt, ok);
                }
            } catch (RuntimeException unexpected) {
                fail(records, "unexpected: " + unexpected);
                settle();
            }
        });
    }

    private void onResponse(List<OutgoingRecord> records, int attempt, PutRecordsResponse response) {
        List<PutRecordsResultEntry> results = response.records();
        List<OutgoingRecord> again = new ArrayList<>();
        String lastError = null;
        long ok = 0;
        for (int i = 0; i < records.size(); i++) {
            PutRecordsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result != null && result.errorCode() == null) {
                ok++;
                continue;
            }
            String code = result == null ? "MissingResult" : result.errorCode();
            if ("ProvisionedThroughputExceededException".equals(code)) {
                throttled.incrementAndGet();
            }
            lastError = code + (result == null || result.errorMessage() == null ? "" : ": " + result.errorMessage());
            if (RETRYABLE_ENTRY_ERRORS.contains(code) || result == null) {
                again.add(records.get(i));
            } else {
                fail(List.of(records.get(i)), lastError);
            }
        }
        sent.addAndGet(ok);
        onSent.accept(ok);
        retryOrFail(again, attempt, lastError);
    }

    private void onRequestFailure(List<OutgoingRecord> records, int attempt, Throwable error) {
        if (isThrottling(error)) {
            throttled.incrementAndGet();
        }
        if (isRetryable(error)) {
            retryOrFail(records, attempt, describe(error));
        } else {
            fatal.compareAndSet(null, new IllegalStateException(describe(error)));
            fail(records, describe(error));
            settle();
        }
    }

    private void retryOrFail(List<OutgoingRecord> records, int attempt, String reason) {
        if (records.isEmpty()) {
            settle();
            return;
        }
        if (attempt >= settings.maxAttempts()) {
            fail(records, "gave up after " + attempt + " attempts: " + reason);
            settle();
            return;
        }
        retried.addAndGet(records.size());
        long cap = Math.min(settings.maxBackoff().toMillis(), settings.baseBackoff().toMillis() << Math.min(attempt - 1, 20));
        long delay = ThreadLocalRandom.current().nextLong(cap + 1); // full jitter
        retries.schedule(() -> send(records, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    private void settle() {
        inFlight.release();
        pending.arriveAndDeregister();
    }

    private void fail(List<OutgoingRecord> records, String reason) {
        failed.addAndGet(records.size());
        for (OutgoingRecord r : records) {
            if (failures.size() < MAX_REPORTED_FAILURES) {
                failures.add(new PutStats.Failure(r.line(), reason));
            }
        }
    }

    private void throwIfStopped() {
        RuntimeException stop = fatal.get();
        if (stop != null) {
            throw new IllegalStateException("stopped: " + stop.getMessage(), stop);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static boolean isThrottling(Throwable t) {
        return t instanceof AwsServiceException service && service.isThrottlingException();
    }

    private static boolean isRetryable(Throwable t) {
        if (t instanceof KinesisException k) {
            return k.isThrottlingException() || k.statusCode() >= 500 || "ProvisionedThroughputExceededException".equals(errorCode(k));
        }
        // Client-side problems (connection reset, timeouts) are worth another try; other service errors are not.
        return t instanceof SdkException sdk && (sdk.retryable() || !(t instanceof AwsServiceException));
    }

    private static String errorCode(KinesisException k) {
        return k.awsErrorDetails() == null ? null : k.awsErrorDetails().errorCode();
    }

    private static String describe(Throwable t) {
        if (t instanceof KinesisException k && k.awsErrorDetails() != null) {
            return k.awsErrorDetails().errorCode() + ": " + k.awsErrorDetails().errorMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

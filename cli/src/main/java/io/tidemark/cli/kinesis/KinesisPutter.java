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
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Puts records on a Kinesis stream with {@code PutRecords} and keeps each shard's order: records
 * queue in one {@link ShardLane} per open shard, and a lane sends a record only when neither a
 * failure nor calls landing in another order can put it more than {@code maxDisorder} of event time
 * out of order on its shard, beyond the input's own disorder, nor behind a later record of its key.
 * Calls carry every record that may go, from all lanes, up to 500 records and 5 MiB; only the failed
 * entries of a call are sent again, after exponential backoff with full jitter (throttling
 * included), up to a number of attempts. A response that names another shard than the record's
 * lane means the stream was resharded: sending pauses while the shards are listed again, and the new
 * shards' lanes take over the old ones' records.
 * <p>
 * At most {@code concurrency} calls are in flight, and at most one of them less than full: a
 * partial call goes out when the one before it is answered, so records that wait for an
 * acknowledgement ride together in the next call instead of in many small ones.
 * <p>
 * Start it with {@link #start}, feed it with {@link #add}, then {@link #finish}.
 */
public final class KinesisPutter implements AutoCloseable {

    public static final int MAX_RECORDS_PER_REQUEST = RequestBatch.MAX_RECORDS;
    public static final int MAX_BYTES_PER_REQUEST = RequestBatch.MAX_BYTES;
    /** The disorder a put may add on a shard unless told otherwise (docs/cli.md, "tidemark put"). */
    public static final Duration DEFAULT_MAX_DISORDER = Duration.ofSeconds(1);
    /** Records read ahead of the acknowledgements: room to find what may go next, in bounded memory. */
    static final int MAX_UNSETTLED_RECORDS = 10_000;
    static final long MAX_UNSETTLED_BYTES = 64L * 1024 * 1024;
    private static final int MAX_REPORTED_FAILURES = 100;
    private static final String THROTTLED = "ProvisionedThroughputExceededException";
    private static final Set<String> RETRYABLE_ENTRY_ERRORS = Set.of(THROTTLED, "InternalFailure");

    /**
     * @param stream      stream name, or its ARN
     * @param concurrency PutRecords calls in flight
     * @param maxAttempts attempts per record before it counts as failed
     * @param baseBackoff first backoff; doubles per attempt, with full jitter
     * @param maxBackoff  backoff cap
     * @param maxDisorder event-time disorder the put may add on a shard, beyond the input's own
     */
    public record Settings(String stream, int concurrency, int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxDisorder) {
        public Settings {
            Objects.requireNonNull(stream, "stream");
            if (concurrency < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("concurrency and attempts must be ≥ 1, got " + concurrency + " and " + maxAttempts);
            }
            if (maxDisorder == null || maxDisorder.isNegative()) {
                throw new IllegalArgumentException("the disorder bound must be ≥ 0, got " + maxDisorder);
            }
        }

        /** 4 calls in flight, 10 attempts, backoff from 100 ms to 5 s, {@link #DEFAULT_MAX_DISORDER}. */
        public static Settings defaults(String stream) {
            return new Settings(stream, 4, 10, Duration.ofMillis(100), Duration.ofSeconds(5), DEFAULT_MAX_DISORDER);
        }

        public Settings withConcurrency(int calls) {
            return new Settings(stream, calls, maxAttempts, baseBackoff, maxBackoff, maxDisorder);
        }

        public Settings withMaxAttempts(int attempts) {
            return new Settings(stream, concurrency, attempts, baseBackoff, maxBackoff, maxDisorder);
        }

        public Settings withBackoff(Duration base, Duration max) {
            return new Settings(stream, concurrency, maxAttempts, base, max, maxDisorder);
        }

        public Settings withMaxDisorder(Duration bound) {
            return new Settings(stream, concurrency, maxAttempts, baseBackoff, maxBackoff, bound);
        }
    }

    private final KinesisAsyncClient kinesis;
    private final Settings settings;
    private final LongConsumer onSent;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kinesis-put-retries");
        t.setDaemon(true);
        return t;
    });
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();

    // Everything below is guarded by lock.
    private final ShardLanes lanes;
    private final List<PutStats.Failure> failures = new ArrayList<>();
    private String notice;
    private long nextPosition;
    private int unsettled;
    private long unsettledBytes;
    private int readySinceDispatch;
    private long readyBytesSinceDispatch;
    private int inFlight;
    private int partialsInFlight;
    private long wakeAtNanos = Long.MAX_VALUE;
    private boolean listingShards;
    private RuntimeException fatal;
    private long sent;
    private long retried;
    private long throttled;
    private long failed;
    private long requests;
    private long reshards;

    private KinesisPutter(KinesisAsyncClient kinesis, Settings settings, LongConsumer onSent, ShardLanes lanes, String notice) {
        this.kinesis = kinesis;
        this.settings = settings;
        this.onSent = onSent;
        this.lanes = lanes;
        this.notice = notice;
    }

    /**
     * Lists the stream's open shards (a lane each) and returns a putter ready for {@link #add}.
     * Without permission to list them, one lane keeps the order of the whole stream (see {@link #notice}).
     *
     * @param onSent called with the number of records acknowledged by each response (progress)
     * @throws IllegalStateException when the stream does not exist, or Kinesis cannot be reached
     */
    public static KinesisPutter start(KinesisAsyncClient kinesis, Settings settings, LongConsumer onSent) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                List<ShardLanes.OpenShard> open = ShardListing.open(kinesis, settings.stream()).get();
                return new KinesisPutter(kinesis, settings, onSent, ShardLanes.of(open, settings.maxDisorder()), null);
            } catch (ExecutionException e) {
                Throwable error = unwrap(e.getCause());
                if (error instanceof ResourceNotFoundException) {
                    throw new IllegalStateException(describe(error), error);
                }
                if (isRetryable(error) && attempt < settings.maxAttempts()) {
                    Thread.sleep(backoffMillis(settings, attempt));
                    continue;
                }
                if (!(error instanceof AwsServiceException)) {
                    throw new IllegalStateException("could not list the shards of " + settings.stream() + ": " + describe(error), error);
                }
                return new KinesisPutter(kinesis, settings, onSent, ShardLanes.wholeStream(settings.maxDisorder()),
                        "could not list the shards of " + settings.stream() + " (" + describe(error) + "): one lane keeps the order of "
                                + "the whole stream, which is slower; allow kinesis:ListShards for a lane per shard");
            }
        }
    }

    /**
     * Queues one record; blocks while {@value #MAX_UNSETTLED_RECORDS} records (or 64 MiB) wait for
     * their acknowledgement.
     *
     * @throws IllegalStateException once a non-retryable error (no such stream, access denied) stopped the run
     */
    public void add(OutgoingRecord record) throws InterruptedException {
        List<RequestBatch> toSend = List.of();
        lock.lockInterruptibly();
        try {
            throwIfStopped();
            int size = record.requestBytes();
            if (size > MAX_BYTES_PER_REQUEST) {
                failed++;
                report(record.line(), "record is larger than a PutRecords request may be");
                return;
            }
            while ((unsettled >= MAX_UNSETTLED_RECORDS || unsettled > 0 && unsettledBytes + size > MAX_UNSETTLED_BYTES) && fatal == null) {
                progressed.await();
            }
            throwIfStopped();
            ShardLane lane = lanes.laneFor(record.partitionKey());
            PendingRecord pending = lane.enqueue(record, nextPosition++);
            unsettled++;
            unsettledBytes += size;
            if (lane.maySend(pending, System.nanoTime())) {
                readySinceDispatch++;
                readyBytesSinceDispatch += size;
                // A partial call in flight: the next one waits for its answer, unless a full one is ready.
                if (partialsInFlight == 0 || readySinceDispatch >= MAX_RECORDS_PER_REQUEST || readyBytesSinceDispatch >= MAX_BYTES_PER_REQUEST) {
                    toSend = dispatch();
                }
            }
        } finally {
            lock.unlock();
        }
        send(toSend);
    }

    /** Sends what is queued, waits until every record is acknowledged or given up, and returns the totals. */
    public PutStats finish() throws InterruptedException {
        List<RequestBatch> toSend;
        lock.lockInterruptibly();
        try {
            toSend = dispatch();
        } finally {
            lock.unlock();
        }
        send(toSend);
        lock.lockInterruptibly();
        try {
            // Once stopped, nothing settles the records left after the calls in flight are answered.
            while (unsettled > 0 && (fatal == null || inFlight > 0)) {
                progressed.await();
            }
            throwIfStopped();
            return stats();
        } finally {
            lock.unlock();
        }
    }

    public PutStats stats() {
        lock.lock();
        try {
            return new PutStats(sent, retried, throttled, failed, requests, reshards, List.copyOf(failures));
        } finally {
            lock.unlock();
        }
    }

    /** Something the user should know about how the order is kept (e.g. no permission to list the shards), if anything. */
    public String notice() {
        lock.lock();
        try {
            return notice;
        } finally {
            lock.unlock();
        }
    }

    /** Sends nothing more; records still unsettled (after an error in the caller) stay unsent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Under the lock: marks what may go now as in flight and returns it as calls to send (after unlocking). */
    private List<RequestBatch> dispatch() {
        readySinceDispatch = 0;
        readyBytesSinceDispatch = 0;
        if (fatal != null || listingShards || timer.isShutdown()) {
            return List.of();
        }
        List<RequestBatch> calls = new ArrayList<>();
        long now = System.nanoTime();
        long retryDue = Long.MAX_VALUE;
        while (inFlight < settings.concurrency()) {
            RequestBatch batch = new RequestBatch();
            for (ShardLane lane : lanes.lanes()) {
                lane.collectSendable(now, batch);
                if (batch.isFull()) {
                    break;
                }
            }
            retryDue = Math.min(retryDue, batch.earliestRetryNanos());
            if (batch.isEmpty() || !batch.isFull() && partialsInFlight > 0) {
                break;
            }
            batch.records.forEach(p -> p.lane.sent(p));
            batch.partial = !batch.isFull();
            inFlight++;
            if (batch.partial) {
                partialsInFlight++;
            }
            requests++;
            calls.add(batch);
        }
        if (calls.isEmpty() && inFlight == 0 && retryDue == Long.MAX_VALUE && unsettled > 0) {
            // A lane's oldest record may always go: records waiting with nothing in flight or due is a bug, not a reason to hang.
            stopAfterUnexpected(new IllegalStateException(unsettled + " records wait, yet none may be sent"));
            return List.of();
        }
        if (retryDue < wakeAtNanos) {
            wakeAtNanos = retryDue;
            try {
                timer.schedule(this::wake, Math.max(0, retryDue - now), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // closed: nothing is waiting for these records any more
            }
        }
        return calls;
    }

    private void wake() {
        changeThenSend(() -> {
            wakeAtNanos = Long.MAX_VALUE;
            return null;
        });
    }

    /**
     * Changes the state under the lock, then sends — after unlocking — what the change let go. A bug
     * in the change stops the put rather than leaving it hanging.
     *
     * @return what the change returned; {@code null} if it failed
     */
    private <T> T changeThenSend(Supplier<T> change) {
        T result;
        List<RequestBatch> toSend;
        lock.lock();
        try {
            result = change.get();
            toSend = dispatch();
        } catch (RuntimeException unexpected) {
            stopAfterUnexpected(unexpected);
            return null;
        } finally {
            lock.unlock();
        }
        send(toSend);
        return result;
    }

    private void send(List<RequestBatch> calls) {
        for (RequestBatch batch : calls) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.records.size());
            for (PendingRecord p : batch.records) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(p.record.partitionKey())
                        .data(SdkBytes.fromByteArrayUnsafe(p.record.data())).build());
            }
            PutRecordsRequest.Builder request = PutRecordsRequest.builder().records(entries);
            if (settings.stream().startsWith("arn:")) {
                request.streamARN(settings.stream());
            } else {
                request.streamName(settings.stream());
            }
            CompletableFuture<PutRecordsResponse> response;
            try {
                response = kinesis.putRecords(request.build());
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((ok, error) -> {
                if (error != null) {
                    onRequestFailure(batch, unwrap(error));
                } else {
                    onResponse(batch, ok);
                }
            });
        }
    }

    private void onResponse(RequestBatch batch, PutRecordsResponse response) {
        Answer answer = changeThenSend(() -> applyAnswer(batch, response));
        if (answer == null) {
            return;
        }
        if (answer.acknowledged() > 0) {
            onSent.accept(answer.acknowledged());
        }
        if (answer.relist()) {
            relistShards();
        }
    }

    /** What a response changed: records acknowledged, and whether the shards must be listed again. */
    private record Answer(long acknowledged, boolean relist) {
    }

    /** Under the lock: settles the acknowledged entries, sends the failed ones again later or gives them up. */
    private Answer applyAnswer(RequestBatch batch, PutRecordsResponse response) {
        answered(batch);
        List<PutRecordsResultEntry> results = response.records();
        List<PendingRecord> again = new ArrayList<>();
        String lastError = null;
        long ok = 0;
        boolean stale = false;
        for (int i = 0; i < batch.records.size(); i++) {
            PendingRecord p = batch.records.get(i);
            PutRecordsResultEntry result = i < results.size() ? results.get(i) : null;
            if (p.settled) {
                continue; // given up when the put stopped
            }
            if (result != null && result.errorCode() == null) {
                ok++;
                stale |= lanes.landedElsewhere(p, result.shardId());
                p.lane.acknowledged(p);
                settle(p);
                continue;
            }
            String code = result == null ? "MissingResult" : result.errorCode();
            if (THROTTLED.equals(code)) {
                throttled++;
            }
            lastError = code + (result == null || result.errorMessage() == null ? "" : ": " + result.errorMessage());
            if (result == null || RETRYABLE_ENTRY_ERRORS.contains(code)) {
                again.add(p);
            } else {
                giveUp(p, lastError);
            }
        }
        sent += ok;
        retryOrGiveUp(again, lastError);
        boolean relist = stale && !listingShards;
        if (relist) {
            listingShards = true; // nothing new goes out until the lanes match the shards again
        }
        return new Answer(ok, relist);
    }

    private void onRequestFailure(RequestBatch batch, Throwable error) {
        changeThenSend(() -> {
            answered(batch);
            if (isThrottling(error)) {
                throttled++;
            }
            if (isRetryable(error)) {
                retryOrGiveUp(batch.records, describe(error));
            } else {
                batch.records.forEach(p -> giveUp(p, describe(error)));
                stop(new IllegalStateException(describe(error), error));
            }
            return null;
        });
    }

    private void relistShards() {
        ShardListing.open(kinesis, settings.stream()).whenComplete((open, error) -> changeThenSend(() -> {
            listingShards = false;
            if (error != null) {
                lanes.collapse();
                reshards++;
                notice = "the shards of " + settings.stream() + " changed and listing them again failed (" + describe(unwrap(error))
                        + "): one lane kept the order of the whole stream from then on";
            } else if (lanes.reshard(open)) {
                reshards++;
            }
            return null;
        }));
    }

    private void answered(RequestBatch batch) {
        inFlight--;
        if (batch.partial) {
            partialsInFlight--;
        }
        progressed.signalAll();
    }

    private void retryOrGiveUp(List<PendingRecord> records, String reason) {
        if (records.isEmpty()) {
            return;
        }
        int attempt = records.stream().mapToInt(p -> p.attempts).max().orElse(1);
        long notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis(settings, attempt));
        for (PendingRecord p : records) {
            if (p.settled) {
                continue;
            }
            if (fatal != null) {
                giveUp(p, "not sent: " + fatal.getMessage());
            } else if (p.attempts >= settings.maxAttempts()) {
                giveUp(p, "gave up after " + p.attempts + " attempts: " + reason);
            } else {
                retried++;
                p.lane.retryAfter(p, notBefore);
            }
        }
    }

    private void settle(PendingRecord p) {
        if (p.settled) {
            return;
        }
        p.lane.settled(p);
        unsettled--;
        unsettledBytes -= p.record.requestBytes();
        progressed.signalAll();
    }

    private void giveUp(PendingRecord p, String reason) {
        if (p.settled) {
            return;
        }
        failed++;
        report(p.record.line(), reason);
        settle(p);
    }

    private void report(long line, String reason) {
        if (failures.size() < MAX_REPORTED_FAILURES) {
            failures.add(new PutStats.Failure(line, reason));
        }
    }

    /** Gives up every record not in flight; those in flight are given up as their answers come back. */
    private void stop(RuntimeException reason) {
        if (fatal == null) {
            fatal = reason;
        }
        for (ShardLane lane : lanes.lanes()) {
            for (PendingRecord p : lane.unsettled()) {
                if (!p.inFlight) {
                    giveUp(p, "not sent: " + fatal.getMessage());
                }
            }
        }
        progressed.signalAll();
    }

    /** A bug of ours must not hang the put: stop it, and give up what was in flight in the call at hand as well. */
    private void stopAfterUnexpected(RuntimeException unexpected) {
        IllegalStateException reason = new IllegalStateException("internal error (" + unexpected + ")", unexpected);
        stop(reason);
        for (ShardLane lane : lanes.lanes()) {
            lane.unsettled().forEach(p -> giveUp(p, reason.getMessage()));
        }
    }

    private void throwIfStopped() {
        if (fatal != null) {
            throw new IllegalStateException("stopped: " + fatal.getMessage(), fatal);
        }
    }

    private static long backoffMillis(Settings settings, int attempt) {
        long cap = Math.min(settings.maxBackoff().toMillis(), settings.baseBackoff().toMillis() << Math.min(Math.max(attempt - 1, 0), 20));
        return ThreadLocalRandom.current().nextLong(cap + 1); // full jitter
    }

    private static Throwable unwrap(Throwable t) {
        return (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null ? t.getCause() : t;
    }

    private static boolean isThrottling(Throwable t) {
        return t instanceof AwsServiceException service && service.isThrottlingException();
    }

    private static boolean isRetryable(Throwable t) {
        if (t instanceof KinesisException k) {
            String code = k.awsErrorDetails() == null ? null : k.awsErrorDetails().errorCode();
            return k.isThrottlingException() || k.statusCode() >= 500 || THROTTLED.equals(code) || "LimitExceededException".equals(code);
        }
        // Client-side problems (connection reset, timeouts) are worth another try; other service errors are not.
        return t instanceof SdkException sdk && (sdk.retryable() || !(t instanceof AwsServiceException));
    }

    private static String describe(Throwable t) {
        if (t instanceof KinesisException k && k.awsErrorDetails() != null) {
            return k.awsErrorDetails().errorCode() + ": " + k.awsErrorDetails().errorMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

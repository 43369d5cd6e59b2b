package io.tidemark.local;

import io.tidemark.config.EventSourceSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What Lambda's stream event source mapping does with one batch when the function fails, for
 * Kinesis and DynamoDB Streams alike (settings from {@link EventSourceSettings}):
 * <ul>
 *   <li>records older than the maximum record age are not invoked: they go to the on-failure
 *       destination ({@code RecordAgeExceeded});</li>
 *   <li>a partial batch response ({@code batchItemFailures}) means: the records before the first
 *       reported one are done, retry from it (a retry attempt);</li>
 *   <li>a function error with bisection on splits the batch in two and processes each half on its
 *       own — splitting does not use up retries; a single record is retried;</li>
 *   <li>after the maximum number of retries the batch goes to the on-failure destination
 *       ({@code RetryAttemptsExhausted}) and the shard moves on.</li>
 * </ul>
 * Records are invoked in order and nothing after a failing record is invoked before it is settled,
 * so order per shard (per lane) is kept.
 *
 * @param <R> the record type
 */
public final class BatchInvoker<R> {

    /** What one invocation returned. */
    public sealed interface Outcome {
        /** Every record processed. */
        record Success() implements Outcome {
        }

        /** {@code batchItemFailures}: the records from this index on were not processed. */
        record PartialFailure(int firstFailed) implements Outcome {
        }

        /** The function threw (or timed out). */
        record FunctionError(Throwable error) implements Outcome {
        }

        Outcome SUCCESS = new Success();
    }

    /** Why a batch went to the on-failure destination (Lambda's {@code requestContext.condition}). */
    public enum Condition { RetryAttemptsExhausted, RecordAgeExceeded }

    /** The function being invoked. */
    public interface Invocation<R> {
        Outcome invoke(List<R> batch);
    }

    /** The on-failure destination. */
    public interface Discard<R> {
        void discard(List<R> batch, Condition condition, int invokeCount, String lastError);
    }

    /** Counters of everything this invoker did. */
    public static final class Stats {
        public long invocations;
        public long functionErrors;
        public long partialFailures;
        public long bisections;
        public long retries;
        public long discardedRecords;
    }

    private final EventSourceSettings settings;
    private final Invocation<R> function;
    private final Discard<R> discard;
    private final Function<R, Instant> arrival;
    private final Clock clock;
    private final Duration retryBackoff;
    private final Stats stats = new Stats();

    public BatchInvoker(EventSourceSettings settings, Invocation<R> function, Discard<R> discard,
                        Function<R, Instant> arrival, Clock clock, Duration retryBackoff) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.function = Objects.requireNonNull(function, "function");
        this.discard = Objects.requireNonNull(discard, "discard");
        this.arrival = Objects.requireNonNull(arrival, "arrival");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    public Stats stats() {
        return stats;
    }

    /** Processes one batch to the end: every record is processed or sent to the on-failure destination. */
    public void process(List<R> batch) throws InterruptedException {
        run(new ArrayList<>(batch), 0, 0);
    }

    private void run(List<R> batch, int retries, int invokes) throws InterruptedException {
        String lastError = null;
        while (!batch.isEmpty()) {
            batch = dropExpired(batch, invokes, lastError);
            if (batch.isEmpty()) {
                return;
            }
            stats.invocations++;
            invokes++;
            Outcome outcome;
            try {
                outcome = function.invoke(batch);
            } catch (RuntimeException | Error e) {
                outcome = new Outcome.FunctionError(e);
            }
            if (outcome instanceof Outcome.Success) {
                return;
            }
            if (outcome instanceof Outcome.PartialFailure partial) {
                stats.partialFailures++;
                int from = Math.max(0, Math.min(partial.firstFailed(), batch.size()));
                batch = new ArrayList<>(batch.subList(from, batch.size()));
                lastError = "partial batch response: record " + from + " failed";
                if (batch.isEmpty()) {
                    return;
                }
            } else {
                Throwable error = ((Outcome.FunctionError) outcome).error();
                stats.functionErrors++;
                lastError = error.toString();
                if (settings.bisectBatchOnFunctionError() && batch.size() > 1) {
                    stats.bisections++;
                    int half = batch.size() / 2;
                    run(new ArrayList<>(batch.subList(0, half)), retries, invokes);
                    run(new ArrayList<>(batch.subList(half, batch.size())), retries, invokes);
                    return;
                }
            }
            if (retries >= settings.maximumRetryAttempts()) {
                stats.discardedRecords += batch.size();
                discard.discard(batch, Condition.RetryAttemptsExhausted, invokes, lastError);
                return;
            }
            retries++;
            stats.retries++;
            Thread.sleep(Math.min(retryBackoff.toMillis() << Math.min(retries - 1, 6), 5_000));
        }
    }

    private List<R> dropExpired(List<R> batch, int invokes, String lastError) {
        Instant oldest = clock.instant().minus(settings.maximumRecordAge());
        int expired = 0;
        while (expired < batch.size() && arrival.apply(batch.get(expired)).isBefore(oldest)) {
            expired++;
        }
        if (expired == 0) {
            return batch;
        }
        stats.discardedRecords += expired;
        discard.discard(new ArrayList<>(batch.subList(0, expired)), Condition.RecordAgeExceeded, invokes, lastError);
        return new ArrayList<>(batch.subList(expired, batch.size()));
    }
}

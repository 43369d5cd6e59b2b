package io.tidemark.bench.flink.job;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a run's input lines to the job's source and its output to the caller, inside this JVM: the
 * job runs on a local MiniCluster whose tasks share the JVM (and the class loader) with the caller,
 * so the serialized operators only carry the run's id. Both sides of the comparison then read the
 * same bytes from memory, and neither pays for file I/O.
 */
public final class RunRegistry {

    /** One run: its input (one JSON record per element, in arrival order) and where its views go. */
    public record Run(String id, List<byte[]> lines, ViewUpdates updates) implements AutoCloseable {

        public Run {
            Objects.requireNonNull(id, "id");
            lines = List.copyOf(lines);
            Objects.requireNonNull(updates, "updates");
        }

        @Override
        public void close() {
            RUNS.remove(id);
        }
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private RunRegistry() {
    }

    /** Registers a run; close it when the job is done. */
    public static Run open(List<byte[]> lines) {
        Run run = new Run(UUID.randomUUID().toString(), lines, new ViewUpdates());
        RUNS.put(run.id(), run);
        return run;
    }

    static Run get(String id) {
        Run run = RUNS.get(id);
        if (run == null) {
            throw new IllegalStateException("no run " + id + " in this JVM: the Flink job must run on a local MiniCluster"
                    + " started by this process (RunRegistry hands data to its tasks in memory)");
        }
        return run;
    }
}

package io.tidemark.bench.coldstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gives the CPU a measured function is pinned to over to it alone: the emulators (every process their state
 * directory names a pid for, with its descendants) and this JVM are moved to the other CPUs while the measurement
 * runs, and back to every CPU after. On Lambda the function's CPU is its own and DynamoDB runs elsewhere; here, a
 * Python emulator answering on the same CPU would be timed as the function's cold start. On a one-CPU machine, or
 * without {@code taskset}, nothing moves and {@link #isolated()} says so.
 */
public final class CpuIsolation implements AutoCloseable {

    private final List<Long> moved;
    private final String all;
    private final String others;

    private CpuIsolation(List<Long> moved, String all, String others) {
        this.moved = moved;
        this.all = all;
        this.others = others;
    }

    /** Moves this JVM and the emulators whose pid files are in {@code emulatorStateDir} off {@code cpu}. */
    public static CpuIsolation keepOthersOff(int cpu, Path emulatorStateDir) {
        int cpus = Runtime.getRuntime().availableProcessors();
        String others = otherCpus(cpu, cpus);
        if (others.isEmpty()) {
            return new CpuIsolation(List.of(), null, null);
        }
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        try (Stream<Path> files = Files.list(emulatorStateDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
                pidIn(f).flatMap(ProcessHandle::of).ifPresent(p -> {
                    pids.add(p.pid());
                    p.descendants().forEach(d -> pids.add(d.pid()));
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the emulators' pid files in " + emulatorStateDir + ": " + e.getMessage(), e);
        }
        List<Long> moved = new ArrayList<>();
        for (long pid : pids) {
            if (taskset(others, pid)) {
                moved.add(pid);
            }
        }
        return new CpuIsolation(moved, "0-" + (cpus - 1), others);
    }

    /** The CPUs other than {@code cpu} of {@code cpus}, as {@code taskset -c} takes them ("" when there are none). */
    static String otherCpus(int cpu, int cpus) {
        List<String> rest = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            if (c != cpu) {
                rest.add(Integer.toString(c));
            }
        }
        return String.join(",", rest);
    }

    /** Whether anything was moved: false on a one-CPU machine or without {@code taskset}. */
    public boolean isolated() {
        return !moved.isEmpty();
    }

    /** The CPUs the other processes ran on, or null when nothing moved. */
    public String otherCpus() {
        return isolated() ? others : null;
    }

    @Override
    public void close() {
        for (long pid : moved) {
            taskset(all, pid);
        }
    }

    private static Optional<Long> pidIn(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code taskset -a -p -c CPUS PID}: every thread of the process; false if the process is gone or taskset is missing. */
    private static boolean taskset(String cpus, long pid) {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package io.tidemark.bench.flink;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * A result with the wall-clock time and the CPU time the whole process spent producing it (every
 * thread: the work itself, Flink's task threads, garbage collection, the JIT). CPU time is what
 * "per core" means here: a side that keeps two cores busy for one second used two core-seconds.
 */
public record Timed<T>(T value, long wallNanos, long cpuNanos) {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static <T> Timed<T> measure(Supplier<T> work) {
        long cpu0 = OS.getProcessCpuTime();
        long wall0 = System.nanoTime();
        T value = work.get();
        long wall = System.nanoTime() - wall0;
        long cpu = OS.getProcessCpuTime() - cpu0;
        return new Timed<>(value, wall, cpu);
    }

    /** Items per CPU-second: the per-core rate. */
    public double perCpuSecond(long items) {
        return items / (cpuNanos / 1e9);
    }

    /** Items per wall-clock second. */
    public double perWallSecond(long items) {
        return items / (wallNanos / 1e9);
    }

    /** How many cores were busy on average. */
    public double coresBusy() {
        return (double) cpuNanos / wallNanos;
    }
}

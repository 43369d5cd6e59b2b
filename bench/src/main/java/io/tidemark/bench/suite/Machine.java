package io.tidemark.bench.suite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run measured: what every caption names.
 *
 * @param loadAverageAtStart one-minute load average when the suite started (other work on the box)
 */
public record Machine(int cores, String cpu, long memoryBytes, String jdk, String os, double loadAverageAtStart) {

    public static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), memory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), loadAverage());
    }

    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One line for captions: "2 cores (AMD EPYC …), 24 GiB, OpenJDK 64-Bit Server VM 17.0.15". */
    public String summary() {
        return String.format("%d cores (%s), %d GiB, %s, load average %.1f at start", cores, cpu, Math.round(memoryBytes / (1024.0 * 1024 * 1024)),
                jdk, loadAverageAtStart);
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long memory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().maxMemory();
    }
}

package io.tidemark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link ShardProcessorBenchmark} of two builds side by side in one JVM: each benchmarks jar in a
 * class loader of its own, whole-stream invocations alternated (A B, B A, …), so that both see the
 * same machine load, and timed both by wall clock and by the benchmark thread's CPU time. On a
 * shared machine, where separate JMH runs minutes apart are not comparable, this gives a fair
 * before/after ratio; absolute numbers still belong to a quiet machine's JMH run.
 * <pre>
 * java -Xms8g -Xmx8g -cp bench/target/benchmarks.jar io.tidemark.bench.TwoBuildComparison \
 *      /tmp/before.jar bench/target/benchmarks.jar [encodeLog=false] [rounds=12]
 * </pre>
 */
public final class TwoBuildComparison {

    private TwoBuildComparison() {
    }

    private record Build(String name, Object benchmark, Method freshShard, Method wholeStream, Object blackhole) {

        static Build load(String jar, boolean encodeLog) throws Exception {
            Path path = Path.of(jar);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no benchmarks jar at " + jar + " (build one with ./mvnw -pl bench -am package -DskipTests)");
            }
            ClassLoader loader = new URLClassLoader(new URL[] {path.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass(ShardProcessorBenchmark.class.getName());
            Object benchmark = type.getConstructor().newInstance();
            type.getField("encodeLog").setBoolean(benchmark, encodeLog);
            type.getMethod("traffic").invoke(benchmark);
            Class<?> blackholeType = loader.loadClass("org.openjdk.jmh.infra.Blackhole");
            Object blackhole = blackholeType.getConstructor(String.class)
                    .newInstance("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            return new Build(jar, benchmark, type.getMethod("freshShard"), type.getMethod("wholeStream", blackholeType), blackhole);
        }

        /** One whole stream: {wall, cpu} in events per second. */
        double[] run(ThreadMXBean threads) throws Exception {
            freshShard.invoke(benchmark);
            System.gc(); // the previous invocation's garbage is not this one's cost
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            wholeStream.invoke(benchmark, blackhole);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            return new double[] {ShardProcessorBenchmark.EVENTS / wallSeconds, ShardProcessorBenchmark.EVENTS / cpuSeconds};
        }
    }

    /** An argument given as {@code name=value} (as the usage shows) or as the bare value. */
    private static String value(String arg, String name) {
        return arg.startsWith(name + "=") ? arg.substring(name.length() + 1) : arg;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TwoBuildComparison BEFORE.jar AFTER.jar [encodeLog=false] [rounds=12]");
            System.exit(2);
        }
        boolean encodeLog = args.length > 2 && Boolean.parseBoolean(value(args[2], "encodeLog"));
        int rounds = args.length > 3 ? Integer.parseInt(value(args[3], "rounds")) : 12;
        Build[] builds = {Build.load(args[0], encodeLog), Build.load(args[1], encodeLog)};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][][] results = new double[2][2][rounds]; // build, wall|cpu, round
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                int b = round % 2 == 0 ? k : 1 - k;
                double[] r = builds[b].run(threads);
                results[b][0][round] = r[0];
                results[b][1][round] = r[1];
            }
            System.out.printf("round %2d of %d: before %,9.0f events/s wall, %,9.0f cpu | after %,9.0f wall, %,9.0f cpu%n", round + 1, rounds,
                    results[0][0][round], results[0][1][round], results[1][0][round], results[1][1][round]);
        }
        int warmup = Math.min(2, rounds - 1); // the first invocations run partly interpreted
        System.out.printf("encodeLog=%s, median of rounds %d-%d, events/s per core:%n", encodeLog, warmup + 1, rounds);
        for (int b = 0; b < 2; b++) {
            System.out.printf("  %-6s %,9.0f wall, %,9.0f cpu  (%s)%n", b == 0 ? "before" : "after", median(results[b][0], warmup),
                    median(results[b][1], warmup), builds[b].name());
        }
        System.out.printf("  after / before: %.2f wall, %.2f cpu%n", median(results[1][0], warmup) / median(results[0][0], warmup),
                median(results[1][1], warmup) / median(results[0][1], warmup));
    }

    private static double median(double[] values, int skip) {
        double[] v = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}

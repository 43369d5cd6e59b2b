package io.tidemark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ShardProcessorBenchmark} of two builds side by side in one JVM: each benchmarks jar in a
 * class loader of its own, whole-stream invocations alternated (A B, B A, …), so that both see the
 * same machine load, and timed both by wall clock and by the benchmark thread's CPU time. On a
 * shared machine, where separate JMH runs minutes apart are not comparable, this gives a fair
 * before/after ratio; absolute numbers still belong to a quiet machine's JMH run.
 * <p>
 * One JVM is not enough: the JDK's code (collections, {@code String}) is shared by both builds and
 * compiled from their mixed profiles, and which build is loaded first shifts the ratio by a few
 * per cent either way. So the comparison runs in {@code launches} pairs of fresh JVMs, one with the
 * "before" build loaded first and one with "after" first, and reports the geometric mean of their
 * ratios with the spread.
 * <pre>
 * java -Xms8g -Xmx8g -cp bench/target/benchmarks.jar io.tidemark.bench.TwoBuildComparison \
 *      /tmp/before.jar bench/target/benchmarks.jar [encodeLog=false] [rounds=8] [launches=2]
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
            System.err.println("usage: TwoBuildComparison BEFORE.jar AFTER.jar [encodeLog=false] [rounds=8] [launches=2]");
            System.exit(2);
        }
        boolean encodeLog = args.length > 2 && Boolean.parseBoolean(value(args[2], "encodeLog"));
        int rounds = args.length > 3 ? Integer.parseInt(value(args[3], "rounds")) : 8;
        if (Boolean.getBoolean(CHILD)) {
            double[] ratio = compareInThisJvm(args[0], args[1], encodeLog, rounds);
            System.out.printf(java.util.Locale.ROOT, "%s %f %f%n", RESULT, ratio[0], ratio[1]);
            return;
        }
        int launches = args.length > 4 ? Integer.parseInt(value(args[4], "launches")) : 2;
        List<double[]> ratios = new ArrayList<>();
        for (int launch = 1; launch <= launches; launch++) {
            for (boolean afterFirst : new boolean[] {false, true}) {
                System.out.printf("launch %d of %d, %s loaded first:%n", launch, launches, afterFirst ? "after" : "before");
                double[] r = child(afterFirst ? args[1] : args[0], afterFirst ? args[0] : args[1], encodeLog, rounds);
                ratios.add(afterFirst ? new double[] {1 / r[0], 1 / r[1]} : r);
            }
        }
        System.out.printf("after / before over %d JVMs (half of them with each build loaded first): geometric mean %.3f wall, %.3f cpu;"
                        + " range %.3f to %.3f wall%n", ratios.size(), geometricMean(ratios, 0), geometricMean(ratios, 1),
                ratios.stream().mapToDouble(r -> r[0]).min().orElseThrow(), ratios.stream().mapToDouble(r -> r[0]).max().orElseThrow());
    }

    private static final String CHILD = "tidemark.twoBuild.child";
    private static final String RESULT = "RATIO";

    /** One fresh JVM (this one's java, heap flags and class path) comparing {@code first} with {@code second}: second / first, {wall, cpu}. */
    private static double[] child(String first, String second, boolean encodeLog, int rounds) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-D" + CHILD + "=true", "-cp", System.getProperty("java.class.path"), TwoBuildComparison.class.getName(),
                first, second, "encodeLog=" + encodeLog, "rounds=" + rounds));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double[] ratio = null;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(RESULT + " ")) {
                    String[] f = line.split(" ");
                    ratio = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
                } else {
                    System.out.println("  " + line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || ratio == null) {
            throw new IllegalStateException("the comparison JVM exited with " + exit + " and no result: " + command);
        }
        return ratio;
    }

    private static double geometricMean(List<double[]> ratios, int column) {
        return Math.exp(ratios.stream().mapToDouble(r -> Math.log(r[column])).average().orElseThrow());
    }

    /** Both builds in this JVM, {@code before} loaded first: after / before, {wall, cpu}. */
    private static double[] compareInThisJvm(String before, String after, boolean encodeLog, int rounds) throws Exception {
        Build[] builds = {Build.load(before, encodeLog), Build.load(after, encodeLog)};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][][] results = new double[2][2][rounds]; // build, wall|cpu, round
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                int b = round % 2 == 0 ? k : 1 - k;
                double[] r = builds[b].run(threads);
                results[b][0][round] = r[0];
                results[b][1][round] = r[1];
            }
            System.out.printf("round %2d of %d: %s %,9.0f events/s wall, %,9.0f cpu | %s %,9.0f wall, %,9.0f cpu%n", round + 1, rounds,
                    builds[0].name(), results[0][0][round], results[0][1][round], builds[1].name(), results[1][0][round], results[1][1][round]);
        }
        int warmup = Math.min(2, rounds - 1); // the first invocations run partly interpreted
        System.out.printf("encodeLog=%s, median of rounds %d-%d, events/s per core:%n", encodeLog, warmup + 1, rounds);
        for (int b = 0; b < 2; b++) {
            System.out.printf("  %,9.0f wall, %,9.0f cpu  (%s, loaded %s)%n", median(results[b][0], warmup), median(results[b][1], warmup),
                    builds[b].name(), b == 0 ? "first" : "second");
        }
        return new double[] {median(results[1][0], warmup) / median(results[0][0], warmup),
                median(results[1][1], warmup) / median(results[0][1], warmup)};
    }

    private static double median(double[] values, int skip) {
        double[] v = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}

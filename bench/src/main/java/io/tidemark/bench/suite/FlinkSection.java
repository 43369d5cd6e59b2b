package io.tidemark.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Apache Flink side by side: runs {@value #MAIN} (the same four views as a Flink DataStream job
 * on a local MiniCluster, and Tidemark's handler path, over the same file) in its own JVM, by class
 * name, and reads {@code flink-comparison.json}. When the class is not on the class path (the
 * comparison is built on its own branch), the section says so and is skipped.
 */
public final class FlinkSection {

    public static final String MAIN = "io.tidemark.bench.flink.FlinkComparison";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param available  whether the comparison is on the class path
     * @param exitCode   its exit code (non-zero: the views differ, or it failed)
     * @param perView    view name → equal
     * @param raw        the whole {@code flink-comparison.json}
     */
    public record Result(boolean available, String command, int exitCode, Boolean viewsEqual, String firstDifference, Map<String, Boolean> perView,
                         Double tidemarkPerCore, Double flinkPerCore, Double ratio, JsonNode raw, String log) {

        static Result unavailable() {
            return new Result(false, null, -1, null, null, Map.of(), null, null, null, null, null);
        }

        public boolean failed() {
            return available && (exitCode != 0 || !Boolean.TRUE.equals(viewsEqual));
        }
    }

    private FlinkSection() {
    }

    public static boolean available() {
        try {
            Class.forName(MAIN, false, FlinkSection.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static Result run(Path input, Path outDir, int repeat, PrintStream progress) throws IOException, InterruptedException {
        if (!available()) {
            progress.println("flink: " + MAIN + " is not on the class path (it is built on the flink branch): skipped");
            return Result.unavailable();
        }
        Files.createDirectories(outDir);
        Path log = outDir.resolve("flink-comparison.log");
        Files.deleteIfExists(outDir.resolve("flink-comparison.json"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-cp", System.getProperty("java.class.path"), MAIN, "--input", input.toString(), "--out", outDir.toString(),
                "--repeat", Integer.toString(repeat), "--flink-watermarks", "PER_EVENT"));
        // Per-event watermarks, as Tidemark advances its own: with Flink's periodic default the input's late events are judged
        // against an older watermark and the views legitimately differ.
        String shown = "java -Xmx3g -cp bench/target/benchmarks.jar " + MAIN + " --input " + input.getFileName() + " --out " + outDir.getFileName()
                + " --repeat " + repeat + " --flink-watermarks PER_EVENT";
        progress.println("flink: " + shown);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the Flink comparison did not finish within 60 minutes: see " + log);
        }
        int exit = p.exitValue();
        Path json = outDir.resolve("flink-comparison.json");
        if (!Files.exists(json)) {
            return new Result(true, shown, exit, null, "the comparison wrote no " + json.getFileName() + " (exit " + exit + "): see " + log,
                    Map.of(), null, null, null, null, log.toString());
        }
        JsonNode root = JSON.readTree(json.toFile());
        Map<String, Boolean> perView = new LinkedHashMap<>();
        JsonNode views = root.path("per_view_equal");
        views.fieldNames().forEachRemaining(name -> perView.put(name, views.get(name).asBoolean()));
        Result r = new Result(true, shown, exit, root.path("views_equal").asBoolean(false),
                root.hasNonNull("first_difference") ? root.get("first_difference").asText() : null, perView,
                number(root, "tidemark_events_per_second_per_core"), number(root, "flink_events_per_second_per_core"),
                number(root, "ratio_tidemark_to_flink"), root, log.toString());
        progress.printf("flink: views %s; Tidemark %,.0f events/s per core, Flink %,.0f, ratio %.2f%n",
                Boolean.TRUE.equals(r.viewsEqual()) ? "equal" : "DIFFER (" + r.firstDifference() + ")",
                nz(r.tidemarkPerCore()), nz(r.flinkPerCore()), nz(r.ratio()));
        return r;
    }

    private static Double number(JsonNode root, String field) {
        return root.hasNonNull(field) && root.get(field).isNumber() ? root.get(field).asDouble() : null;
    }

    private static double nz(Double d) {
        return d == null ? Double.NaN : d;
    }
}

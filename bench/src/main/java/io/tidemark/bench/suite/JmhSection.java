package io.tidemark.bench.suite;

import io.tidemark.bench.ArchiveBenchmark;
import io.tidemark.bench.CodecBenchmark;
import io.tidemark.bench.KinesisHandlerBenchmark;
import io.tidemark.bench.ShardProcessorBenchmark;
import io.tidemark.bench.ShardProcessorHugePagesBenchmark;
import io.tidemark.bench.ValidatorBenchmark;
import io.tidemark.bench.ViewsBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JMH benchmarks (core, codecs, validator, Kinesis handler), run through JMH's API, one fork each. */
public final class JmhSection {

    /** One benchmark's primary score, as JMH printed it. */
    public record Score(String benchmark, Map<String, String> params, double score, double error, String unit) {
        public String name() {
            return benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        }

        public String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        public String param(String name) {
            return params.get(name);
        }
    }

    public record Result(List<Score> scores, String command) {
        /** The score of a benchmark method (the first benchmark class that has it), with {@code param = value} if a param is given. */
        public Score find(String method, String param, String value) {
            return find(null, method, param, value);
        }

        /** {@link #find(String, String, String)} of one benchmark class ({@code null}: any). */
        public Score find(Class<?> benchmark, String method, String param, String value) {
            for (Score s : scores) {
                if ((benchmark == null || s.benchmark().equals(benchmark.getName() + "." + method)) && s.method().equals(method)
                        && (param == null || value.equals(s.param(param)))) {
                    return s;
                }
            }
            return null;
        }
    }

    private JmhSection() {
    }

    static final List<Class<?>> BENCHMARKS = List.of(ViewsBenchmark.class, ShardProcessorBenchmark.class, ShardProcessorHugePagesBenchmark.class, CodecBenchmark.class,
            ValidatorBenchmark.class, KinesisHandlerBenchmark.class, ArchiveBenchmark.class);

    public static Result run(SuiteSize size) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
        StringBuilder command = new StringBuilder("java -jar bench/target/benchmarks.jar");
        for (Class<?> c : BENCHMARKS) {
            options.include("^" + c.getName().replace(".", "\\.") + "\\.");
            command.append(' ').append(c.getSimpleName());
        }
        if (size.jmhWarmups() != null) {
            options.warmupIterations(size.jmhWarmups()).measurementIterations(size.jmhIterations())
                    .warmupTime(TimeValue.milliseconds(size.jmhIterationTime().toMillis()))
                    .measurementTime(TimeValue.milliseconds(size.jmhIterationTime().toMillis()));
            command.append(" -wi ").append(size.jmhWarmups()).append(" -i ").append(size.jmhIterations())
                    .append(" -w ").append(size.jmhIterationTime().toSeconds()).append("s -r ").append(size.jmhIterationTime().toSeconds()).append('s');
        }
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            if (String.valueOf(e.getMessage()).contains("JMH lock")) {
                throw new IllegalStateException("another JMH run on this machine holds /tmp/jmh.lock: wait until it is done (two benchmark runs "
                        + "at once measure each other), or pass --jmh-ignore-lock", e);
            }
            throw e;
        }
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            var primary = r.getPrimaryResult();
            scores.add(new Score(r.getParams().getBenchmark(), params, primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
        }
        return new Result(List.copyOf(scores), command.toString());
    }
}

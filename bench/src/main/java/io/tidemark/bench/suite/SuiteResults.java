package io.tidemark.bench.suite;

import io.tidemark.bench.StateSizeReport;

import java.util.List;

/**
 * Everything one suite run measured (written as {@code results.json} beside the charts, and what
 * docs/benchmarks.md is rendered from). A section that did not run is null.
 */
public record SuiteResults(Machine machine, String size, String command, String started, String finished, double loadAverageAtEnd,
                           JmhSection.Result jmh, StateSizeReport.Result stateSize, WriteCostSection.Result writeCost, FlinkSection.Result flink,
                           LatencySection.Result latency, ColdStartSection.Result coldStart, QuietStreamSection.Result quietStream, CostSection.Result cost, ScaleOnPaper scale, List<String> problems) {
}

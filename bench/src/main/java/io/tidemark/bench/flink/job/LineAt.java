package io.tidemark.bench.flink.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.List;

/** The source's second half: the n-th input line of a run (the first half is {@code fromSequence(0, n − 1)}, in order). */
final class LineAt extends RichMapFunction<Long, byte[]> {

    private final String runId;
    private transient List<byte[]> lines;

    LineAt(String runId) {
        this.runId = runId;
    }

    @Override
    public void open(OpenContext context) {
        lines = RunRegistry.get(runId).lines();
    }

    @Override
    public byte[] map(Long index) {
        return lines.get(Math.toIntExact(index));
    }
}

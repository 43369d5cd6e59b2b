package io.tidemark.bench.cost.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Measurements at some batch sizes, read at any: the measured point itself, or between the two nearest
 * measured sizes linearly in 1 / batch size (a step's items cost about the same for few records as for
 * many, so per-event figures fall as 1 / batch size), or the nearest end outside them.
 */
public final class UnitsCurve {

    private final TreeMap<Integer, UnitsAtBatch> points = new TreeMap<>();

    public UnitsCurve(List<UnitsAtBatch> measured) {
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("a units curve needs at least one measured batch size");
        }
        measured.forEach(p -> points.put(p.batchSize(), p));
    }

    public List<UnitsAtBatch> points() {
        return List.copyOf(points.values());
    }

    public boolean measuredAt(int batchSize) {
        return points.containsKey(batchSize);
    }

    public double writeUnitsPerEvent(int batchSize) {
        return at(batchSize, UnitsAtBatch::writeUnitsPerEvent);
    }

    public double readUnitsPerEvent(int batchSize) {
        return at(batchSize, UnitsAtBatch::readUnitsPerEvent);
    }

    public double viewWriteUnitsPerEvent(int batchSize) {
        return at(batchSize, UnitsAtBatch::viewWriteUnitsPerEvent);
    }

    public double writeRequestsPerBatch(int batchSize) {
        return at(batchSize, UnitsAtBatch::writeRequestsPerBatch);
    }

    public double handlerMsPerBatch(int batchSize) {
        return at(batchSize, UnitsAtBatch::handlerMsPerBatch);
    }

    double at(int batchSize, ToDoubleFunction<UnitsAtBatch> f) {
        UnitsAtBatch exact = points.get(batchSize);
        if (exact != null) {
            return f.applyAsDouble(exact);
        }
        Map.Entry<Integer, UnitsAtBatch> below = points.floorEntry(batchSize);
        Map.Entry<Integer, UnitsAtBatch> above = points.ceilingEntry(batchSize);
        if (below == null) {
            return f.applyAsDouble(above.getValue());
        }
        if (above == null) {
            return f.applyAsDouble(below.getValue());
        }
        double x = 1.0 / batchSize;
        double x0 = 1.0 / below.getKey();
        double x1 = 1.0 / above.getKey();
        double y0 = f.applyAsDouble(below.getValue());
        double y1 = f.applyAsDouble(above.getValue());
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
}

package org.nsexplorer.app.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A bench's timings: median and 95th percentile (nearest rank, so always a measured value). */
public final class Samples {
    private final List<Double> values = new ArrayList<>();

    public void add(double value) {
        values.add(value);
    }

    public int count() {
        return values.size();
    }

    public double median() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    /** The nearest-rank percentile P (0 < P <= 100): the smallest value with P % of them at or below it. */
    public double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }
}

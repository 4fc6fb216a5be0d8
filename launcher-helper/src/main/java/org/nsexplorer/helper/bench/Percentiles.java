package org.nsexplorer.helper.bench;

import java.util.Arrays;

/** The benches' figures: medians and percentiles of their samples. */
public final class Percentiles {
    private Percentiles() {
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile P (0-100) of VALUES; NaN when there are none. */
    public static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

package org.nsexplorer.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {
    private static Samples of(double... values) {
        Samples s = new Samples();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    @Test
    void medianAndP95AreMeasuredValuesByNearestRank() {
        Samples twenty = new Samples();
        for (int i = 20; i >= 1; i--) {
            twenty.add(i * 10); // out of order: the percentile sorts
        }
        assertEquals(100, twenty.median(), "the 10th of 20");
        assertEquals(190, twenty.p95(), "the 19th of 20");
        assertEquals(200, twenty.percentile(100));
        assertEquals(3, of(5, 1, 3).median());
        assertEquals(2, of(1, 2, 3, 4).median(), "nearest rank: the lower middle, a value that was measured");
        assertEquals(7, of(7).p95());
        assertTrue(Double.isNaN(new Samples().median()));
    }
}

package org.nsexplorer.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchDriverTest {
    @Test
    void alternatesAbbaWithOursFirst() {
        // Ours first: after a build its run records the class-data-sharing archive that both map.
        assertEquals(List.of("window", "minimal", "minimal", "window", "window", "minimal"),
                BenchDriver.windowOrder(3));
        assertEquals(5, BenchDriver.windowOrder(5).stream().filter("minimal"::equals).count(), "as many of each");
    }
}

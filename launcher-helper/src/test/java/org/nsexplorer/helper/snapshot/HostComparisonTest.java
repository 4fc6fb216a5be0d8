package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison's words for each namespace type, from the two sides' inodes (no kernel needed). */
class HostComparisonTest {
    private static Snapshot seeing(Map<String, Long> namespaces) {
        return new Snapshot(1, "h", "", namespaces, List.of(), List.of(), List.of(), List.of(), List.of(), null, null,
                null);
    }

    @Test
    void aTypeThisKernelLacksIsLeftOutRatherThanCalledPrivate() {
        Map<String, Long> host = new HashMap<>(Map.of("uts", 10L, "net", 11L));
        Map<String, Long> container = new HashMap<>(Map.of("uts", 20L, "net", 11L));
        host.put("time", null);
        container.put("time", null); // a kernel before 5.6: no /proc/PID/ns/time
        HostComparison c = HostComparison.of(seeing(host), seeing(container));
        assertEquals(Map.of("uts", "private", "net", "shared"), c.comparison().namespaces());
    }

    @Test
    void theCompactAnswerLeavesTheMountListsOut() {
        HostComparison c = HostComparison.of(seeing(Map.of("mnt", 1L)), seeing(Map.of("mnt", 2L))).compact();
        assertEquals(null, c.comparison().mountsOnlyOnHost());
        assertEquals(null, c.comparison().mountsOnlyInContainer());
        assertEquals(Map.of("mnt", "private"), c.comparison().namespaces());
    }
}

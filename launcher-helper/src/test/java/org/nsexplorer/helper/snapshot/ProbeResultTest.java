package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.stage.StageEvent;

/** How the prober's lines about a PID namespace's processes are taken (its wire format, no kernel needed). */
class ProbeResultTest {
    private static final String PROC = "31337 31300 0 S 31337,1 1,2,3,4,5,6,7,8 sh sh%20-c%20x";

    private static ProbeResult fed(String... lines) {
        ProbeResult.Builder builder = new ProbeResult.Builder();
        for (String line : lines) {
            String[] words = line.split(" ");
            builder.accept(new StageEvent.ProbeLine("p1", words[0], List.of(words).subList(1, words.length)));
        }
        return builder.build();
    }

    @Test
    void processesCountOnlyOnceTheListingIsComplete() {
        ProbeResult listed = fed("ns pid 5", "proc " + PROC, "listed 1");
        assertEquals(1, listed.pidNamespaceProcesses().size());
        ProcEntry sh = listed.pidNamespaceProcesses().get(0);
        assertEquals(31337, sh.hostPid());
        assertEquals(1, sh.nsPids()[1]);
        assertEquals("sh -c x", sh.cmdline());
        assertEquals(5L, listed.namespaces().get("pid"));
    }

    @Test
    void anUnlistedNamespaceLeavesTheProcessesToAScanEvenAfterSomeLines() {
        assertNull(fed("ns pid 5", "proc " + PROC, "unlisted 25").pidNamespaceProcesses());
        assertNull(fed("ns pid 5").pidNamespaceProcesses(), "the host's own: nothing listed");
    }
}

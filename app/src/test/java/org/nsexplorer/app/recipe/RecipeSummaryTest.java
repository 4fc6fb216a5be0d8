package org.nsexplorer.app.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.Recipe;

/** The line under a container's card: what it was launched with, by the names the class knows. */
class RecipeSummaryTest {
    @Test
    void aPodMemberNamesThePartnerItJoinedAndALongCommandIsShortened() {
        Recipe sidecar = new Recipe(null, Set.of("mnt", "uts", "pid"), "sidecar", "32M", null, 100L, null, null,
                List.of("/bin/sh", "-c", "while true; do date; sleep 1; done > /tmp/clock.log"))
                .withNetwork(new Recipe.Network(null, "c6", Set.of("net", "ipc"), false, List.of()));
        assertEquals("lynx was launched with own MNT UTS PID · IPC NET of heron · built-in rootfs"
                + " · /bin/sh -c while true; do date;… · memory 32M · at most 100 processes",
                RecipeSummary.of("lynx", sidecar, Map.of("c6", "heron")::get));
        assertEquals(RecipeSummary.of("lynx", sidecar, Map.of("c6", "heron")::get) + "\n"
                + "/bin/sh -c while true; do date; sleep 1; done > /tmp/clock.log",
                RecipeSummary.full("lynx", sidecar, Map.of("c6", "heron")::get));
    }
}

package org.nsexplorer.app.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.containers.Namespace;

/** The line under a container's card: what it was launched with, by the names the class knows. */
class RecipeSummaryTest {
    @Test
    void aPodMemberNamesThePartnerItJoinedAndALongCommandIsShortened() {
        Recipe sidecar = Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.PID))
                .hostname("sidecar").memory("32M").pids(100L)
                .command(List.of("/bin/sh", "-c", "while true; do date; sleep 1; done > /tmp/clock.log"))
                .network(Recipe.Network.DEFAULT.joining("c6", EnumSet.of(Namespace.NET, Namespace.IPC))).build();
        assertEquals("lynx was launched with own MNT UTS PID · IPC NET of heron · built-in rootfs"
                + " · /bin/sh -c while true; do date;… · memory 32M · at most 100 processes",
                RecipeSummary.of("lynx", sidecar, Map.of("c6", "heron")::get));
        assertEquals(RecipeSummary.of("lynx", sidecar, Map.of("c6", "heron")::get) + "\n"
                + "/bin/sh -c while true; do date; sleep 1; done > /tmp/clock.log",
                RecipeSummary.full("lynx", sidecar, Map.of("c6", "heron")::get));
    }
}

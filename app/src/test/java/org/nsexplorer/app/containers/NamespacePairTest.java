package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.NamespacePair.Relation;

class NamespacePairTest {
    private static final Map<Namespace, Long> HOST = Map.of(Namespace.MNT, 1L, Namespace.NET, 2L, Namespace.PID, 3L,
            Namespace.UTS, 4L);

    /** Docker's container next to ours: its own mounts, the host's PIDs, and ours's network (joined). */
    @Test
    void eachTypeIsTheHostsTheChosensOrItsOwn() {
        Map<Namespace, Long> ours = Map.of(Namespace.MNT, 10L, Namespace.NET, 11L, Namespace.PID, 12L,
                Namespace.UTS, 4L);
        Map<Namespace, Long> theirs = Map.of(Namespace.MNT, 20L, Namespace.NET, 11L, Namespace.PID, 3L,
                Namespace.UTS, 4L);
        assertEquals(Map.of(Namespace.MNT, Relation.OWN, Namespace.NET, Relation.SAME, Namespace.PID, Relation.HOST,
                Namespace.UTS, Relation.HOST), NamespacePair.of(ours, theirs, HOST));
    }

    /** The host's namespace both are in is the host's, not "the same as" the chosen one's: the map says that apart. */
    @Test
    void sharingTheHostsIsNotSharingEachOthers() {
        Map<Namespace, Long> both = Map.of(Namespace.UTS, 4L);
        assertEquals(Map.of(Namespace.UTS, Relation.HOST), NamespacePair.of(both, both, HOST));
    }

    /** A type the host's reading lacks (a kernel without time namespaces) gets no relation at all. */
    @Test
    void aTypeTheHostLacksIsLeftOut() {
        assertEquals(Map.of(), NamespacePair.of(Map.of(), Map.of(Namespace.TIME, 9L), HOST));
    }
}

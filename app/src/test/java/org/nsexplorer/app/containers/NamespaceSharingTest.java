package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which namespaces a container shares with the host and with other containers: values only, no helper. */
class NamespaceSharingTest {
    private static final long HOST_NET = 4026531840L;
    private static final long HOST_USER = 4026531837L;
    private static final Map<String, String> NAMES = Map.of("c1", "web", "c2", "db", "c3", "sidecar");

    private static ContainerInfo running(String id, Map<Namespace, Long> inodes) {
        return new ContainerInfo(id, "isolated", Optional.empty(), Optional.empty(), Set.of(), false, List.of(),
                Optional.empty(), inodes, 100);
    }

    @Test
    void theNamespacesNotTheHostsAreThoseMadeAndThoseJoined() {
        assertEquals(Namespace.CLASSIC, NamespaceSharing.notTheHosts(Recipe.classic()));
        Recipe hostNetwork = Recipe.builder().network(Recipe.Network.DEFAULT.withMode("host")).build();
        assertEquals(EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.PID),
                NamespaceSharing.notTheHosts(hostNetwork), "the host's network is the host's NET");
        Recipe pod = Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.PID))
                .network(Recipe.Network.DEFAULT.joining("c1", EnumSet.of(Namespace.NET, Namespace.IPC))).build();
        assertEquals(EnumSet.of(Namespace.MNT, Namespace.PID, Namespace.NET, Namespace.IPC),
                NamespaceSharing.notTheHosts(pod));
        assertEquals(EnumSet.of(Namespace.USER), NamespaceSharing.notTheHosts(Recipe.builder()
                .namespaces(EnumSet.of(Namespace.USER)).build()));
    }

    @Test
    void aPodMemberSharesWhatItJoinedAndNotWhatTheHostHasToo() {
        ContainerInfo web = running("c1", Map.of(Namespace.NET, 11L, Namespace.IPC, 12L, Namespace.PID, 13L,
                Namespace.USER, HOST_USER));
        ContainerInfo sidecar = running("c3", Map.of(Namespace.NET, 11L, Namespace.IPC, 12L, Namespace.PID, 33L,
                Namespace.USER, HOST_USER));
        Recipe joined = Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.PID))
                .network(Recipe.Network.DEFAULT.joining("c1", EnumSet.of(Namespace.NET, Namespace.IPC))).build();
        assertEquals(Map.of(Namespace.NET, "web", Namespace.IPC, "web"),
                NamespaceSharing.partners(sidecar, joined, List.of(web, sidecar), NAMES::get),
                "USER is the host's for both: not a pod's");
        // From the first one's side: its own NET and IPC, the sidecar in them.
        assertEquals(Map.of(Namespace.NET, "sidecar", Namespace.IPC, "sidecar"),
                NamespaceSharing.partners(web, Recipe.classic(), List.of(web, sidecar), NAMES::get));
    }

    @Test
    void everyPartnerIsNamedInTheListsOrderAndTheContainerItselfIsNone() {
        ContainerInfo web = running("c1", Map.of(Namespace.NET, 11L, Namespace.UTS, 21L));
        ContainerInfo db = running("c2", Map.of(Namespace.NET, 11L, Namespace.UTS, 22L));
        ContainerInfo sidecar = running("c3", Map.of(Namespace.NET, 11L, Namespace.UTS, 23L));
        assertEquals(Map.of(Namespace.NET, "db, sidecar"),
                NamespaceSharing.partners(web, Recipe.classic(), List.of(web, db, sidecar), NAMES::get));
        assertEquals(Map.of(Namespace.NET, "web, db"),
                NamespaceSharing.partners(sidecar, Recipe.classic(), List.of(web, db, sidecar), NAMES::get));
        assertEquals(Map.of(), NamespaceSharing.partners(web, Recipe.classic(), List.of(web), NAMES::get));
    }

    @Test
    void theHostsNetworkSharedByTwoIsNoPod() {
        Recipe hostNetwork = Recipe.builder().network(Recipe.Network.DEFAULT.withMode("host")).build();
        ContainerInfo a = running("c1", Map.of(Namespace.NET, HOST_NET, Namespace.MNT, 31L));
        ContainerInfo b = running("c2", Map.of(Namespace.NET, HOST_NET, Namespace.MNT, 32L));
        assertEquals(Map.of(), NamespaceSharing.partners(a, hostNetwork, List.of(a, b), NAMES::get));
        // The same inodes under a recipe that made its NET: the two are in one (as a helper would never say).
        assertEquals(Map.of(Namespace.NET, "db"), NamespaceSharing.partners(a, Recipe.classic(), List.of(a, b),
                NAMES::get));
    }

    private static FoundContainer found(String engine, String name, long pid, Map<Namespace, Long> inodes,
            String... own) {
        return new FoundContainer(engine, "", name, "", pid, "sh", 1, List.of(own), inodes);
    }

    /** One of ours and one others made in the same namespace (an nsenter into ours, a docker joined): named both ways. */
    @Test
    void aContainerOthersMadeInOneOfOursIsNamedOnBothSides() {
        ContainerInfo web = running("c1", Map.of(Namespace.NET, 11L, Namespace.UTS, 21L, Namespace.USER, HOST_USER));
        FoundContainer nsentered = found("unknown", "", 500, Map.of(Namespace.NET, 11L, Namespace.UTS, 51L,
                Namespace.USER, HOST_USER), "net", "uts");
        FoundContainer docker = found("docker", "db", 600, Map.of(Namespace.NET, 61L, Namespace.UTS, 21L), "net",
                "uts");
        assertEquals(Map.of(Namespace.NET, "sh (" + nsentered.engineWords() + ")", Namespace.UTS, "db (docker)"),
                NamespaceSharing.withOthers(Map.of(), web.namespaceInodes(), NamespaceSharing.notTheHosts(
                        Recipe.classic()), web.hostPid(), List.of(nsentered, docker)));
        assertEquals(Map.of(Namespace.NET, "web"), NamespaceSharing.oursIn(nsentered, List.of(web), NAMES::get),
                "USER is the host's for both: not shared between them");
        assertEquals(Map.of(), NamespaceSharing.withOthers(Map.of(), docker.namespaces(), docker.notTheHosts(),
                docker.hostPid(), List.of(docker)), "not its own partner");
    }
}

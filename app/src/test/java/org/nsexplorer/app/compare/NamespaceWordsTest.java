package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.support.LiveSession;

/** The namespace map's words, from real comparisons of real containers with the host. */
class NamespaceWordsTest {
    @RegisterExtension
    final LiveSession live = new LiveSession();

    private ContainerModel running(Recipe recipe) throws InterruptedException {
        ContainerModel c = live.session().launch(recipe);
        for (int i = 0; i < 2000 && (c.state() == ContainerState.PREPARING || c.state() == ContainerState.STARTING);
                i++) {
            Thread.sleep(10);
        }
        assertEquals(ContainerState.RUNNING, c.state(), c.messageProperty().get());
        return c;
    }

    private CompareSnapshot compared(ContainerModel c) throws Exception {
        return CompareSnapshot.parse(new HelperClient(live.helper()).comparison(c.helperIdProperty().get())
                .get(20, TimeUnit.SECONDS).get("comparison"));
    }

    private static Map<Namespace, NamespaceWords> byType(CompareSnapshot s, Map<Namespace, String> partners) {
        Map<Namespace, NamespaceWords> words = new EnumMap<>(Namespace.class);
        s.namespaces().forEach(r -> words.put(r.type(), NamespaceWords.of(r, partners.get(r.type()))));
        return words;
    }

    @Test
    void aClassicContainerHasItsOwnFiveAndTheHostsUserCgroupAndTime() throws Exception {
        CompareSnapshot s = compared(running(Recipe.classic()));
        // What the app showed before the helper answered is what the helper then says: nothing jumps.
        assertEquals(HostSide.readOwn(), HostSide.of(s));
        Map<Namespace, NamespaceWords> words = byType(s, Map.of());
        for (Namespace own : Namespace.CLASSIC) {
            assertEquals(NamespaceWords.Relation.OWN, words.get(own).relation(), own.procName());
            assertEquals("its own", words.get(own).badge(), own.procName());
            assertEquals("private", words.get(own).relation().style());
        }
        for (Namespace hosts : List.of(Namespace.USER, Namespace.CGROUP, Namespace.TIME)) {
            assertEquals(NamespaceWords.Relation.SAME_AS_HOST, words.get(hosts).relation(), hosts.procName());
            assertEquals("same as the host", words.get(hosts).badge(), hosts.procName());
        }
        assertEquals("it numbers processes from 1", words.get(Namespace.PID).meaning());
        assertEquals("uid 0 inside is uid 0 outside", words.get(Namespace.USER).meaning());
        // The numbers, for whoever asks: the host's init's and the container's first process's.
        String initPid = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        assertTrue(words.get(Namespace.PID).ids().contains("On the host: " + initPid),
                words.get(Namespace.PID).ids());
        assertTrue(words.get(Namespace.USER).ids().contains("In the container: " + Files.readSymbolicLink(
                Path.of("/proc/self/ns/user"))), words.get(Namespace.USER).ids());
    }

    @Test
    void aSecondContainerInTheFirstsNetAndIpcSharesThemWithItAsAPod() throws Exception {
        ContainerModel first = running(Recipe.classic());
        ContainerModel second = running(Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.UTS,
                Namespace.PID)).hostname("sidecar").command(List.of("/bin/sleep", "infinity"))
                .network(Recipe.Network.DEFAULT.joining(first.helperIdProperty().get(),
                        EnumSet.of(Namespace.NET, Namespace.IPC))).build());
        CompareSnapshot mine = compared(second);
        CompareSnapshot its = compared(first);
        // As the window finds partners: the same namespace, and not the host's.
        Map<Namespace, String> partners = new EnumMap<>(Namespace.class);
        for (CompareSnapshot.NamespaceRow row : mine.namespaces()) {
            CompareSnapshot.NamespaceRow other = its.namespaces().stream().filter(r -> r.type().equals(row.type()))
                    .findFirst().orElseThrow();
            if (!row.shared() && row.containerId() == other.containerId()) {
                partners.put(row.type(), first.name());
            }
        }
        assertEquals(Set.of(Namespace.NET, Namespace.IPC), partners.keySet());
        Map<Namespace, NamespaceWords> words = byType(mine, partners);
        assertEquals("shared with " + first.name(), words.get(Namespace.NET).badge());
        assertEquals(NamespaceWords.Relation.SHARED_WITH_CONTAINER, words.get(Namespace.IPC).relation());
        assertEquals("pod", words.get(Namespace.IPC).relation().style());
        assertEquals(first.name() + " is in it too: a pod", words.get(Namespace.NET).meaning());
        assertEquals(NamespaceWords.Relation.OWN, words.get(Namespace.UTS).relation());
        assertEquals(NamespaceWords.Relation.SAME_AS_HOST, words.get(Namespace.USER).relation());
        // A namespace the host has too is the host's, whoever else is in it.
        assertEquals(NamespaceWords.Relation.SAME_AS_HOST, byType(mine, Map.of(Namespace.USER, "x"))
                .get(Namespace.USER).relation());
    }
}

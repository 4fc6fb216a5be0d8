package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.Procs;
import org.nsexplorer.helper.support.ServeSession;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * The app's requests for networks, layers and root filesystems, through `nsx-helper serve`
 * with real containers. Pings go only to our own containers and their host sides.
 */
class ServeNetworkAndLayersTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static JsonNode reply(ServeSession s, String id) throws InterruptedException {
        return s.await(m -> id.equals(m.path("id").asText()) && !m.path("type").asText().equals("progress"), WAIT);
    }

    private static String containerOf(JsonNode started) {
        return started.path("container").asText();
    }

    @Test
    void bridgeContainersAreListedWithTheirAddressesAndPingEachOtherAndTheHost() throws Exception {
        HostState before = HostState.capture();
        try (ServeSession s = new ServeSession()) {
            String a = containerOf(s.launchRunning("a", "{\"network\":\"bridge\",\"command\":[\"/bin/sleep\",\"60\"]}",
                    WAIT));
            String b = containerOf(s.launchRunning("b", "{\"network\":\"bridge\",\"command\":[\"/bin/sleep\",\"60\"]}",
                    WAIT));
            s.send("{\"type\":\"list\",\"id\":\"l\"}");
            JsonNode list = reply(s, "l");
            List<String> addresses = new ArrayList<>();
            for (JsonNode c : list.path("containers")) {
                assertEquals("bridge", c.path("network").asText());
                JsonNode veth = c.path("veth");
                assertTrue(veth.path("bridge").asText().startsWith("nsxbr"), c.toString());
                addresses.add(veth.path("containerAddress").asText());
                // The bridge's switch namespace, as the network map may draw it: what the kernel shows.
                JsonNode sw = veth.path("switch");
                long switchPid = sw.path("pid").asLong();
                assertEquals(veth.path("bridge").asText().replace("nsxbr", "nsxsw"), sw.path("uplink").asText());
                assertEquals("uplink", sw.path("uplinkPeer").asText());
                assertEquals(Procs.nsLink(switchPid, "net"),
                        "net:[" + sw.path("netns").asLong() + "]");
                assertTrue(Files.exists(Path.of("/sys/class/net", sw.path("uplink")
                        .asText())), "the uplink's host end is on the host");
                assertTrue(!Files.exists(Path.of("/sys/class/net", veth.path(
                        "hostInterface").asText())), "the bridge's ports are in the switch, not on the host");
            }
            assertEquals(2, addresses.stream().distinct().count(), addresses.toString());

            for (String[] route : new String[][] {{a, b}, {b, a}, {null, a}, {a, "host"}}) {
                String from = route[0] == null ? "" : "\"from\":\"" + route[0] + "\",";
                s.send("{\"type\":\"ping\",\"id\":\"p\"," + from + "\"to\":\"" + route[1] + "\",\"count\":2}");
                JsonNode ping = reply(s, "p");
                assertEquals("ping", ping.path("type").asText(), ping.toString());
                assertEquals(2, ping.path("received").asInt(), ping.toString());
            }
            s.send("{\"type\":\"ping\",\"id\":\"bad\",\"to\":\"c999\"}");
            assertEquals("to", reply(s, "bad").path("field").asText());
        }
        assertEquals(before, HostState.awaitEqual(before), "interfaces, bridge or cgroups were left behind");
    }

    @Test
    void aContainerJoinsAnotherByIdAndTheLoopbackSwitchWorks() throws Exception {
        try (ServeSession s = new ServeSession()) {
            JsonNode first = s.launchRunning("one", "{\"network\":\"isolated\",\"command\":[\"/bin/sleep\",\"60\"]}",
                    WAIT);
            JsonNode second = s.launchRunning("two", "{\"join\":{\"container\":\"" + containerOf(first)
                    + "\",\"namespaces\":[\"net\",\"ipc\"]},\"command\":[\"/bin/sleep\",\"60\"]}", WAIT);
            long p1 = first.path("hostPid").asLong();
            long p2 = second.path("hostPid").asLong();
            for (String ns : List.of("net", "ipc")) {
                assertEquals(Files.readSymbolicLink(Path.of("/proc/" + p1 + "/ns/" + ns)),
                        Files.readSymbolicLink(Path.of("/proc/" + p2 + "/ns/" + ns)), ns);
            }
            s.send("{\"type\":\"loopback\",\"id\":\"lo\",\"container\":\"" + containerOf(second) + "\"}");
            assertEquals("ok", reply(s, "lo").path("type").asText());
            Process ip = new ProcessBuilder("nsenter", "-t", Long.toString(p1), "-n", "ip", "-o", "link", "show", "lo")
                    .start();
            String link = new String(ip.getInputStream().readAllBytes());
            assertTrue(link.contains("<LOOPBACK,UP,LOWER_UP>"), "lo is up for both: " + link);
        }
    }

    @Test
    void overlayChangesAreListedAndKeptAsALayerThatTheListShows() throws Exception {
        Path layer = HelperPaths.stateDir().resolve("layers/serve-kept");
        TreeRemoval.remove(layer);
        try (ServeSession s = new ServeSession()) {
            String c = containerOf(s.launchRunning("o", "{\"overlay\":{},\"command\":[\"/bin/sh\",\"-c\","
                    + "\"echo hi > /hello.txt && rm /etc/hosts && sleep 60\"]}", WAIT));
            JsonNode changes = null;
            for (int i = 0; i < 50; i++) {
                s.send("{\"type\":\"changes\",\"id\":\"ch\",\"container\":\"" + c + "\"}");
                changes = reply(s, "ch");
                if (changes.path("changes").size() >= 2) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(changes.toString().contains("{\"path\":\"/hello.txt\",\"kind\":\"added\"}"), changes.toString());
            assertTrue(changes.toString().contains("{\"path\":\"/etc/hosts\",\"kind\":\"deleted\"}"), changes.toString());
            s.send("{\"type\":\"keepLayer\",\"id\":\"k\",\"container\":\"" + c + "\",\"name\":\"serve-kept\"}");
            assertEquals("ok", reply(s, "k").path("type").asText());
            s.send("{\"type\":\"stop\",\"id\":\"s\",\"container\":\"" + c + "\"}");
            assertEquals("serve-kept", s.awaitType("exited", WAIT).path("keptAs").asText());
            s.send("{\"type\":\"rootfsList\",\"id\":\"r\"}");
            assertTrue(reply(s, "r").path("layers").toString().contains("\"name\":\"serve-kept\""));
            assertEquals("hi\n", Files.readString(layer.resolve("hello.txt")));
            s.send("{\"type\":\"rootfsRemove\",\"id\":\"rm\",\"name\":\"serve-kept\"}");
            assertEquals("ok", reply(s, "rm").path("type").asText());
            assertTrue(Files.notExists(layer));
        }
    }

    @Test
    void rootfsJobsReportProgressAndEndWithTheirResult() throws Exception {
        Path archive = Files.createTempDirectory("nsx-serve").resolve("bb.cpio.gz");
        try (ServeSession s = new ServeSession()) {
            s.send("{\"type\":\"rootfsMake\",\"id\":\"m\",\"kind\":\"busybox\",\"name\":\"serve-bb\"}");
            JsonNode made = reply(s, "m");
            assertEquals("rootfsMade", made.path("type").asText(), made.toString());
            s.send("{\"type\":\"rootfsExport\",\"id\":\"e\",\"name\":\"serve-bb\",\"file\":\"" + archive + "\"}");
            JsonNode progress = s.await(m -> m.path("type").asText().equals("progress"), WAIT);
            assertEquals("e", progress.path("id").asText());
            JsonNode exported = reply(s, "e");
            assertEquals("exported", exported.path("type").asText(), exported.toString());
            s.send("{\"type\":\"rootfsMake\",\"id\":\"i\",\"kind\":\"import\",\"name\":\"serve-bb2\",\"file\":\""
                    + archive + "\"}");
            JsonNode imported = reply(s, "i");
            assertEquals("rootfsMade", imported.path("type").asText());
            // In use by a running container: neither packed nor removed (it could swap a directory for a symlink).
            String user = containerOf(s.launchRunning("u", "{\"rootfs\":\"" + imported.path("path").asText()
                    + "\",\"command\":[\"/bin/sleep\",\"60\"]}", WAIT));
            s.send("{\"type\":\"rootfsRemove\",\"id\":\"busy\",\"name\":\"serve-bb2\"}");
            JsonNode busy = reply(s, "busy");
            assertTrue(busy.path("message").asText().contains("container " + user + " uses it"), busy.toString());
            s.send("{\"type\":\"stop\",\"id\":\"st\",\"container\":\"" + user + "\"}");
            s.awaitType("exited", WAIT);
            s.send("{\"type\":\"rootfsCheck\",\"id\":\"c\",\"rootfs\":\"serve-bb2\"}");
            assertEquals(0, reply(s, "c").path("problems").size());
            s.send("{\"type\":\"rootfsCheck\",\"id\":\"c2\",\"rootfs\":\"serve-bb2\",\"command\":\"bash\"}");
            assertTrue(reply(s, "c2").path("problems").get(0).asText().contains("'bash' is not in rootfs"));

            s.send("{\"type\":\"rootfsMake\",\"id\":\"d\",\"kind\":\"debootstrap\",\"name\":\"serve-deb\"}");
            s.await(m -> m.path("type").asText().equals("progress") && m.path("id").asText().equals("d"), WAIT);
            s.send("{\"type\":\"cancel\",\"id\":\"x\",\"job\":\"d\"}");
            assertEquals("cancelled", reply(s, "d").path("kind").asText());
        } finally {
            for (String name : List.of("serve-bb", "serve-bb2", "serve-deb")) {
                TreeRemoval.remove(HelperPaths.stateDir().resolve("rootfs").resolve(name));
            }
            TreeRemoval.remove(archive.getParent());
        }
        assertTrue(Files.notExists(HelperPaths.stateDir().resolve("rootfs/serve-deb")));
    }
}

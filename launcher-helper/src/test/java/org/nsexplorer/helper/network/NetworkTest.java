package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.JoinSpec;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.support.HostState;

/**
 * The network modes in real containers. Pings go only to addresses inside net namespaces
 * these tests create (host to container, container to container, container to its host
 * end), three echoes each with a one-second timeout.
 */
class NetworkTest {
    private static final int ECHOES = 3;
    private static Engine engine;
    private final List<Container> launched = new ArrayList<>();

    @BeforeAll
    static void openEngine() throws IOException {
        engine = Helper.openEngine(false);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    /** Stopped and gone (cgroups removed), so the next test's look at the host does not catch them leaving. */
    @AfterEach
    void stopContainers() throws Exception {
        launched.forEach(engine::stop);
        for (Container c : launched) {
            c.exited().get(10, TimeUnit.SECONDS);
        }
    }

    private Container start(ContainerSpec spec) throws Exception {
        Container c = engine.launch(spec, new ContainerListener() {
        });
        launched.add(c);
        c.started().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static ContainerSpec sleeper(NetworkMode mode) {
        return ContainerSpec.of(List.of("/bin/sleep", "60")).withNetwork(mode);
    }

    /** `ip` run inside PID's net namespace, through nsenter: the kernel's answer, not ours. */
    private static String ipIn(long pid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "ip"));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }

    private static PingResult ping(Optional<Container> from, String address) throws Exception {
        return engine.ping(from, address, ECHOES).get(10, TimeUnit.SECONDS);
    }

    @Test
    void vethPairConnectsHostAndContainerWithTheWalkthroughAddresses() throws Exception {
        Container c = start(sleeper(NetworkMode.VETH));
        NetworkAttachment n = c.network().orElseThrow();
        long pid = c.hostPid().getAsLong();

        assertTrue(n.hostInterface().startsWith("nsx") && n.hostInterface().length() <= 15, n.hostInterface());
        assertTrue(ipIn(pid, "-4", "-o", "addr", "show", "dev", "eth0").contains(" " + n.containerAddress() + " "));
        assertTrue(run(List.of("ip", "-4", "-o", "addr", "show", "dev", n.hostInterface()))
                .contains(" " + n.hostAddress() + " "));
        assertTrue(ipIn(pid, "route").contains("default via " + n.gateway() + " dev eth0"));
        // The subnet is one no other host route overlaps (the walkthrough's 10.0.0.0/24 when free).
        Ipv4Subnet ours = subnetOf(n.containerAddress());
        long overlapping = HostRoutes.read(Path.of("/proc/net/route")).stream()
                .filter(r -> r.overlaps(ours)).count();
        assertEquals(1, overlapping, "only the host end's own route covers " + ours);

        PingResult fromHost = ping(Optional.empty(), n.containerIp());
        assertEquals(ECHOES, fromHost.received(), fromHost.toString());
        PingResult toHost = ping(Optional.of(c), n.gateway());
        assertEquals(ECHOES, toHost.received(), toHost.toString());

        engine.stop(c);
        c.exited().get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(Path.of("/sys/class/net", n.hostInterface())), "the host end outlived its container");
    }

    @Test
    void bridgeContainersReachEachOtherThroughTheSwitchAndItGoesWithTheStage() throws Exception {
        HostState before = HostState.capture();
        Container a;
        Container b;
        NetworkAttachment.Bridge bridge;
        try (Engine own = Helper.openEngine(false)) {
            a = own.launch(sleeper(NetworkMode.BRIDGE), new ContainerListener() {
            });
            b = own.launch(sleeper(NetworkMode.BRIDGE), new ContainerListener() {
            });
            a.started().get(10, TimeUnit.SECONDS);
            b.started().get(10, TimeUnit.SECONDS);
            NetworkAttachment na = a.network().orElseThrow();
            NetworkAttachment nb = b.network().orElseThrow();
            bridge = na.bridge().orElseThrow();
            assertEquals(na.bridge(), nb.bridge());
            assertEquals(na.hostAddress(), nb.hostAddress(), "one subnet, the bridge's");
            assertNotEquals(na.containerAddress(), nb.containerAddress());
            // The bridge and its ports are in the switch, the net namespace the stage's anchor lives in.
            long switchPid = bridge.switchPid();
            assertNotEquals(nsLink(ProcessHandle.current().pid(), "net"), nsLink(switchPid, "net"));
            String ports = ipIn(switchPid, "-o", "link", "show", "master", bridge.name());
            for (String port : List.of(na.hostInterface(), nb.hostInterface(), bridge.uplinkPeer())) {
                assertTrue(ports.contains(" " + port + "@"), port + " is no port of the bridge: " + ports);
            }
            // The host sees neither the bridge nor its ports: only the uplink, with the bridge's address.
            for (String hidden : List.of(bridge.name(), na.hostInterface(), nb.hostInterface())) {
                assertFalse(Files.exists(Path.of("/sys/class/net", hidden)), hidden + " is on the host");
            }
            assertTrue(run(List.of("ip", "-4", "-o", "addr", "show", "dev", bridge.uplink()))
                    .contains(" " + na.hostAddress() + " "));

            assertEquals(ECHOES, own.ping(Optional.of(a), nb.containerIp(), ECHOES).get(10, TimeUnit.SECONDS)
                    .received());
            assertEquals(ECHOES, own.ping(Optional.of(b), na.containerIp(), ECHOES).get(10, TimeUnit.SECONDS)
                    .received());
            assertEquals(ECHOES, own.ping(Optional.empty(), nb.containerIp(), ECHOES).get(10, TimeUnit.SECONDS)
                    .received());
            assertEquals(ECHOES, own.ping(Optional.of(a), na.gateway(), ECHOES).get(10, TimeUnit.SECONDS)
                    .received());
            own.stop(a);
            a.exited().get(10, TimeUnit.SECONDS);
            assertFalse(ipIn(switchPid, "-o", "link").contains(" " + na.hostInterface() + "@"),
                    "the port outlived its container");
        }
        assertFalse(Files.exists(Path.of("/sys/class/net", bridge.uplink())), "the uplink outlived its helper");
        assertEquals(before, HostState.awaitEqual(before));
    }

    @Test
    void isolatedNetworkHasOnlyLoopbackDownUntilSwitchedOn() throws Exception {
        Container c = start(sleeper(NetworkMode.ISOLATED));
        long pid = c.hostPid().getAsLong();
        String links = ipIn(pid, "-o", "link");
        assertEquals(1, links.lines().count(), links);
        assertTrue(links.contains("lo:") && links.contains("state DOWN"), links);
        assertEquals(0, ping(Optional.of(c), "127.0.0.1").received(), "lo is down: nothing answers");

        engine.loopbackUp(c).get(10, TimeUnit.SECONDS);
        assertTrue(ipIn(pid, "-o", "link").contains("<LOOPBACK,UP,LOWER_UP>"));
        assertEquals(ECHOES, ping(Optional.of(c), "127.0.0.1").received());
    }

    @Test
    void aJoiningContainerSharesTheChosenNamespacesOnly() throws Exception {
        Container first = start(sleeper(NetworkMode.VETH));
        long firstPid = first.hostPid().getAsLong();
        Container second = start(ContainerSpec.of(List.of("/bin/sleep", "60"))
                .withNamespaces(EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.PID))
                .withJoin(new JoinSpec(firstPid, Set.of(Namespace.NET, Namespace.IPC))));
        long secondPid = second.hostPid().getAsLong();
        for (String shared : List.of("net", "ipc")) {
            assertEquals(nsLink(firstPid, shared), nsLink(secondPid, shared), shared);
        }
        for (String own : List.of("uts", "pid", "mnt")) {
            assertNotEquals(nsLink(firstPid, own), nsLink(secondPid, own), own);
        }
        // The joiner uses the first container's eth0: it reaches the host end as the first does.
        NetworkAttachment n = first.network().orElseThrow();
        assertEquals(ECHOES, ping(Optional.of(second), n.gateway()).received());
    }

    private static String nsLink(long pid, String ns) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns)).toString();
    }

    private static Ipv4Subnet subnetOf(String cidr) {
        String[] parts = cidr.split("/");
        int a = 0;
        for (String octet : parts[0].split("\\.")) {
            a = a << 8 | Integer.parseInt(octet);
        }
        return new Ipv4Subnet(a, Integer.parseInt(parts[1]));
    }
}

package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.support.DockerDaemon;

/**
 * Our bridge and veth networks on a host where Docker runs (FORWARD policy DROP, bridged
 * frames sent through iptables by br_netfilter), as on many teachers' laptops: two bridge
 * containers reach each other and the host, the host reaches them, and a container on a veth
 * pair of its own and the host reach each other, while the host's firewall rules and sysctls
 * stay as Docker left them. Pings go only to addresses inside the namespaces this test makes.
 */
class DockerHostBridgeTest {
    private static final int ECHOES = 3;
    private static final Path CALL_IPTABLES = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");

    @Test
    void bridgeAndVethContainersReachEachOtherAndTheHostWhileDockerRuns() throws Exception {
        assumeTrue(DockerDaemon.installed() || "true".equals(System.getenv("CI")),
                "dockerd and iptables are not installed (.ci/run installs docker.io and iptables)");
        long t0 = System.nanoTime();
        Map<String, Long> received = new LinkedHashMap<>();
        Map<String, String> rtts = new LinkedHashMap<>();
        DockerDaemon docker = DockerDaemon.start();
        try {
            assertEquals("-P FORWARD DROP", DockerDaemon.forwardPolicy(), "dockerd set the FORWARD policy");
            assertEquals("1", Files.readString(CALL_IPTABLES).trim(), "bridged frames go through iptables");
            String firewall = DockerDaemon.firewall();
            long dropsBefore = DockerDaemon.forwardPolicyDrops();
            long t1 = System.nanoTime();
            try (Engine own = Helper.openEngine(false)) {
                Container a = launch(own, NetworkMode.BRIDGE);
                Container b = launch(own, NetworkMode.BRIDGE);
                Container v = launch(own, NetworkMode.VETH);
                NetworkAttachment na = a.network().orElseThrow();
                NetworkAttachment nb = b.network().orElseThrow();
                NetworkAttachment nv = v.network().orElseThrow();
                for (Route route : List.of(new Route("a -> b", Optional.of(a), nb.containerIp()),
                        new Route("b -> a", Optional.of(b), na.containerIp()),
                        new Route("host -> a", Optional.empty(), na.containerIp()),
                        new Route("b -> host", Optional.of(b), nb.gateway()),
                        new Route("host -> veth", Optional.empty(), nv.containerIp()),
                        new Route("veth -> host", Optional.of(v), nv.gateway()))) {
                    PingResult r = own.ping(route.from(), route.to(), ECHOES).get(20, TimeUnit.SECONDS);
                    received.put(route.name(), r.received());
                    rtts.put(route.name(), r.rttMillis().toString());
                }
            }
            System.out.printf("docker host: echoes received of %d: %s; round trips (ms): %s; FORWARD policy drops"
                    + " %d -> %d; dockerd started in %.2f s; helper, three containers and six pings %.2f s%n", ECHOES,
                    received, rtts, dropsBefore, DockerDaemon.forwardPolicyDrops(), docker.startSeconds(),
                    (System.nanoTime() - t1) / 1e9);
            assertEquals(firewall, DockerDaemon.firewall(), "the helper changed the host's firewall");
            assertEquals("1", Files.readString(CALL_IPTABLES).trim(), "the helper changed the host's sysctl");
        } finally {
            long t2 = System.nanoTime();
            docker.close();
            System.out.printf("docker host: dockerd stopped and the host restored in %.2f s; the whole test took"
                    + " %.2f s; left on the host: %s%n", (System.nanoTime() - t2) / 1e9,
                    (System.nanoTime() - t0) / 1e9, docker.leftOnHost().isEmpty() ? "nothing"
                            : String.join("; ", docker.leftOnHost()));
        }
        assertEquals(Map.of("a -> b", 3L, "b -> a", 3L, "host -> a", 3L, "b -> host", 3L, "host -> veth", 3L,
                "veth -> host", 3L), received);
    }

    private record Route(String name, Optional<Container> from, String to) {
    }

    private static Container launch(Engine engine, NetworkMode network) throws Exception {
        Container c = engine.launch(ContainerSpec.of(List.of("/bin/sleep", "60")).withNetwork(network),
                new ContainerListener() {
                });
        c.started().get(10, TimeUnit.SECONDS);
        return c;
    }
}

package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.spec.NetworkMode;

/** Address choice against a route table in /proc/net/route's format (a file: the host's own is tested in NetworkTest). */
class NetworkPlannerTest {
    private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
            + "\t\tMTU\tWindow\tIRTT\n";

    private static Path routes(Path dir, String... lines) throws Exception {
        return Files.writeString(dir.resolve("route"), HEADER + String.join("\n", lines) + "\n");
    }

    @Test
    void takesTheWalkthroughSubnetWhenFree(@TempDir Path dir) throws Exception {
        // default via 172.17.0.1 and 172.17.0.0/16: the default route does not count as an overlap
        NetworkPlanner planner = new NetworkPlanner(routes(dir,
                "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0"));
        NetworkAttachment a = planner.plan(NetworkMode.VETH, 4242);
        assertEquals("10.0.0.1/24", a.hostAddress());
        assertEquals("10.0.0.2/24", a.containerAddress());
        assertEquals("nsx4242-1", a.hostInterface());
    }

    @Test
    void skipsSubnetsTheHostRoutesAndThoseAlreadyGiven(@TempDir Path dir) throws Exception {
        // 10.0.0.0/24 is routed on the host (a VPN, say)
        NetworkPlanner planner = new NetworkPlanner(routes(dir,
                "tun0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0"));
        assertEquals("10.0.1.2/24", planner.plan(NetworkMode.VETH, 1).containerAddress());
        NetworkAttachment second = planner.plan(NetworkMode.VETH, 1);
        assertEquals("10.0.2.2/24", second.containerAddress());
        planner.release(second);
        assertEquals("10.0.2.2/24", planner.plan(NetworkMode.VETH, 1).containerAddress());
    }

    @Test
    void aWideRouteMovesUsOutOfIt(@TempDir Path dir) throws Exception {
        // 10.0.0.0/16 taken: the next /24 outside it is 10.1.0.0/24
        NetworkPlanner planner = new NetworkPlanner(routes(dir,
                "ens4\t0000000A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0"));
        assertEquals("10.1.0.1/24", planner.plan(NetworkMode.VETH, 1).hostAddress());
    }

    @Test
    void bridgeContainersShareOneSubnetWithTheBridgeAtDotOne(@TempDir Path dir) throws Exception {
        NetworkPlanner planner = new NetworkPlanner(routes(dir));
        NetworkAttachment a = planner.plan(NetworkMode.BRIDGE, 77);
        NetworkAttachment b = planner.plan(NetworkMode.BRIDGE, 77);
        assertEquals("nsxbr77", a.bridge().orElseThrow());
        assertEquals("10.0.0.1/24", b.hostAddress());
        assertEquals("10.0.0.2/24", a.containerAddress());
        assertEquals("10.0.0.3/24", b.containerAddress());
        assertEquals("10.0.1.2/24", planner.plan(NetworkMode.VETH, 77).containerAddress());
        assertThrows(IllegalArgumentException.class, () -> planner.plan(NetworkMode.ISOLATED, 77));
    }
}

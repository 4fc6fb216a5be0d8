package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** A planner as one helper has, with the reservations every helper shares kept in DIR. */
    private static NetworkPlanner planner(Path dir, Path routes) {
        return new NetworkPlanner(routes, new SubnetReservations(dir.resolve("subnets")));
    }

    @Test
    void takesTheWalkthroughSubnetWhenFree(@TempDir Path dir) throws Exception {
        // default via 172.17.0.1 and 172.17.0.0/16: the default route does not count as an overlap
        NetworkPlanner planner = planner(dir, routes(dir,
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
        NetworkPlanner planner = planner(dir, routes(dir,
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
        NetworkPlanner planner = planner(dir, routes(dir,
                "ens4\t0000000A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0"));
        assertEquals("10.1.0.1/24", planner.plan(NetworkMode.VETH, 1).hostAddress());
    }

    @Test
    void bridgeContainersShareOneSubnetWithTheBridgeAtDotOne(@TempDir Path dir) throws Exception {
        NetworkPlanner planner = planner(dir, routes(dir));
        NetworkAttachment a = planner.plan(NetworkMode.BRIDGE, 77);
        NetworkAttachment b = planner.plan(NetworkMode.BRIDGE, 77);
        assertEquals(new NetworkAttachment.Bridge("nsxbr77", "nsxsw77", "uplink", 77), a.bridge().orElseThrow());
        assertEquals("10.0.0.1/24", b.hostAddress());
        assertEquals("10.0.0.2/24", a.containerAddress());
        assertEquals("10.0.0.3/24", b.containerAddress());
        assertEquals("10.0.1.2/24", planner.plan(NetworkMode.VETH, 77).containerAddress());
        assertThrows(IllegalArgumentException.class, () -> planner.plan(NetworkMode.ISOLATED, 77));
    }

    @Test
    void twoHelpersSharingTheReservationsNeverGetTheSameSubnet(@TempDir Path dir) throws Exception {
        Path routes = routes(dir);
        NetworkPlanner one = planner(dir, routes);
        NetworkPlanner other = planner(dir, routes);
        NetworkAttachment bridge = one.plan(NetworkMode.BRIDGE, 5);
        NetworkAttachment veth = other.plan(NetworkMode.VETH, 6);
        assertEquals("10.0.0.1/24", bridge.hostAddress());
        assertEquals("10.0.1.1/24", veth.hostAddress());
        assertEquals("10.0.2.1/24", other.plan(NetworkMode.BRIDGE, 6).hostAddress());
        other.release(veth);
        assertEquals("10.0.1.2/24", one.plan(NetworkMode.VETH, 5).containerAddress(), "given back, taken again");
        one.close();
        other.close();
        assertFalse(Files.exists(dir.resolve("subnets")), "nothing stays on disk once nobody holds a subnet");
    }
}

package org.nsexplorer.helper.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.nsexplorer.helper.spec.NetworkMode;

/**
 * Chooses names and addresses for veth pairs: the walkthrough's 10.0.0.0/24 when no host
 * route overlaps it, else the next free 10.0.N.0/24 (then 10.M.N.0/24). A veth container
 * has a subnet of its own (host end .1, container .2); bridge containers share one subnet
 * (bridge .1, containers from .2). Host end names are nsx<stage>-<n>, at most 15 bytes.
 */
public final class NetworkPlanner {
    private static final int MAX_NAME = 15;
    private final Path routeFile;
    private final List<Ipv4Subnet> inUse = new ArrayList<>();
    private final Map<String, Ipv4Subnet> byInterface = new HashMap<>();
    private final TreeSet<Integer> bridgeHosts = new TreeSet<>();
    private final Map<String, Integer> bridgeHostByInterface = new HashMap<>();
    private Ipv4Subnet bridgeSubnet;
    private long bridgeStage = -1;
    private long sequence;

    public NetworkPlanner(Path routeFile) {
        this.routeFile = routeFile;
    }

    public static NetworkPlanner forHost() {
        return new NetworkPlanner(Path.of("/proc/net/route"));
    }

    /**
     * Names and addresses for a new container of MODE (veth or bridge) served by the stage
     * whose anchor is STAGEPID. Release it when the container has ended.
     */
    public synchronized NetworkAttachment plan(NetworkMode mode, long stagePid) throws IOException {
        String hostIf = "nsx" + stagePid + "-" + Long.toString(++sequence, 36);
        if (hostIf.length() > MAX_NAME) {
            sequence = 0;
            hostIf = "nsx" + stagePid + "-" + Long.toString(++sequence, 36);
        }
        if (mode == NetworkMode.VETH) {
            Ipv4Subnet subnet = freeSubnet();
            inUse.add(subnet);
            byInterface.put(hostIf, subnet);
            return new NetworkAttachment(mode, hostIf, subnet.cidr(1), "eth0", subnet.cidr(2), Optional.empty());
        }
        if (mode != NetworkMode.BRIDGE) {
            throw new IllegalArgumentException("no veth pair in network mode " + mode.cliName());
        }
        if (bridgeSubnet == null || bridgeStage != stagePid) {
            if (bridgeSubnet != null) {
                inUse.remove(bridgeSubnet); // that stage is gone, and its bridge with it
            }
            bridgeSubnet = freeSubnet();
            bridgeStage = stagePid;
            bridgeHosts.clear();
            inUse.add(bridgeSubnet);
        }
        int host = 2;
        while (bridgeHosts.contains(host)) {
            host++;
        }
        if (host > 254) {
            throw new IOException("the bridge's subnet " + bridgeSubnet + " is full: stop a bridge container first");
        }
        bridgeHosts.add(host);
        bridgeHostByInterface.put(hostIf, host);
        return new NetworkAttachment(mode, hostIf, bridgeSubnet.cidr(1), "eth0", bridgeSubnet.cidr(host),
                Optional.of("nsxbr" + stagePid));
    }

    public synchronized void release(NetworkAttachment attachment) {
        Ipv4Subnet subnet = byInterface.remove(attachment.hostInterface());
        if (subnet != null) {
            inUse.remove(subnet);
        }
        Integer host = bridgeHostByInterface.remove(attachment.hostInterface());
        if (host != null) {
            bridgeHosts.remove(host);
        }
    }

    private Ipv4Subnet freeSubnet() throws IOException {
        List<Ipv4Subnet> taken = new ArrayList<>(HostRoutes.read(routeFile));
        taken.addAll(inUse);
        for (int second = 0; second < 256; second++) {
            for (int third = 0; third < 256; third++) {
                Ipv4Subnet candidate = new Ipv4Subnet(10 << 24 | second << 16 | third << 8, 24);
                if (taken.stream().noneMatch(candidate::overlaps)) {
                    return candidate;
                }
            }
        }
        throw new IOException("every 10.x.y.0/24 subnet overlaps a route of this host: no address is left for a"
                + " veth pair");
    }
}

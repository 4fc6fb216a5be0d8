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
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Chooses names and addresses for veth pairs: the walkthrough's 10.0.0.0/24 when no host
 * route overlaps it, else the next free 10.0.N.0/24 (then 10.M.N.0/24). A veth container
 * has a subnet of its own (host end .1, container .2); bridge containers share one subnet
 * (the uplink's host end .1, containers from .2), reserved while the stage's bridge may
 * exist. Subnets are reserved in {@link SubnetReservations}, shared with every helper on the
 * host. Outer end names are nsx<stage>-<n>, at most 15 bytes.
 */
public final class NetworkPlanner implements AutoCloseable {
    private static final int MAX_NAME = 15;
    private final Path routeFile;
    private final SubnetReservations reservations;
    private final Map<String, Ipv4Subnet> byInterface = new HashMap<>();
    private final TreeSet<Integer> bridgeHosts = new TreeSet<>();
    private final Map<String, Integer> bridgeHostByInterface = new HashMap<>();
    private Ipv4Subnet bridgeSubnet;
    private long bridgeStage = -1;
    private long sequence;

    public NetworkPlanner(Path routeFile, SubnetReservations reservations) {
        this.routeFile = routeFile;
        this.reservations = reservations;
    }

    public static NetworkPlanner forHost() {
        return new NetworkPlanner(Path.of("/proc/net/route"), SubnetReservations.forHost());
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
            Ipv4Subnet subnet = reserveFreeSubnet(stagePid);
            byInterface.put(hostIf, subnet);
            return new NetworkAttachment(mode, hostIf, subnet.cidr(1), "eth0", subnet.cidr(2), Optional.empty());
        }
        if (mode != NetworkMode.BRIDGE) {
            throw new IllegalArgumentException("no veth pair in network mode " + mode.cliName());
        }
        if (bridgeSubnet == null || bridgeStage != stagePid) {
            releaseBridge(); // that stage is gone, and its bridge with it
            bridgeSubnet = reserveFreeSubnet(stagePid);
            bridgeStage = stagePid;
        }
        int host = 2;
        while (bridgeHosts.contains(host)) {
            host++;
        }
        if (host > 254) {
            throw new WordedIOException(Word.NETWORK_BRIDGE_FULL, bridgeSubnet);
        }
        bridgeHosts.add(host);
        bridgeHostByInterface.put(hostIf, host);
        return new NetworkAttachment(mode, hostIf, bridgeSubnet.cidr(1), "eth0", bridgeSubnet.cidr(host),
                Optional.of(NetworkAttachment.Bridge.ofStage(stagePid)));
    }

    public synchronized void release(NetworkAttachment attachment) {
        Ipv4Subnet subnet = byInterface.remove(attachment.hostInterface());
        if (subnet != null) {
            giveBack(subnet);
        }
        Integer host = bridgeHostByInterface.remove(attachment.hostInterface());
        if (host != null) {
            bridgeHosts.remove(host);
        }
    }

    /** Gives back every subnet still held: call once the stage, and so its interfaces, are gone. */
    @Override
    public synchronized void close() {
        releaseBridge();
        byInterface.values().forEach(this::giveBack);
        byInterface.clear();
        bridgeHostByInterface.clear();
    }

    private void releaseBridge() {
        if (bridgeSubnet != null) {
            giveBack(bridgeSubnet);
        }
        bridgeSubnet = null;
        bridgeStage = -1;
        bridgeHosts.clear();
    }

    private void giveBack(Ipv4Subnet subnet) {
        try {
            reservations.release(subnet);
        } catch (IOException e) {
            // Kept until this helper ends: the next edit by any helper drops it then.
            System.err.println("nsx-helper: the subnet " + subnet + " stays reserved until this helper ends: "
                    + e.getMessage());
        }
    }

    /** The first 10.x.y.0/24 that overlaps neither a host route nor any helper's reservation, reserved. */
    private Ipv4Subnet reserveFreeSubnet(long stagePid) throws IOException {
        // Read before the lock: a route another helper adds meanwhile was reserved before it was made.
        List<Ipv4Subnet> routes = HostRoutes.read(routeFile);
        return reservations.reserve(stagePid, reserved -> {
            List<Ipv4Subnet> taken = new ArrayList<>(routes);
            taken.addAll(reserved);
            for (int second = 0; second < 256; second++) {
                for (int third = 0; third < 256; third++) {
                    Ipv4Subnet candidate = new Ipv4Subnet(10 << 24 | second << 16 | third << 8, 24);
                    if (taken.stream().noneMatch(candidate::overlaps)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        }).orElseThrow(() -> new WordedIOException(Word.NETWORK_NO_SUBNET_LEFT));
    }
}

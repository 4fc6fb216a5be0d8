package org.nsexplorer.helper.network;

import java.util.Optional;
import org.nsexplorer.helper.spec.NetworkMode;

/**
 * A container's veth pair: its outer end's name, the addresses on both sides, and the bridge
 * the outer end is a port of (bridge mode). Addresses are CIDR (a.b.c.d/len).
 *
 * @param hostInterface the pair's outer end: on the host (veth), or a port of the bridge in the
 *     switch namespace (bridge)
 * @param hostAddress the host's address on this link: the outer end's (veth), or the uplink's
 *     host end's, the bridge's subnet's .1 (bridge)
 */
public record NetworkAttachment(NetworkMode mode, String hostInterface, String hostAddress,
        String containerInterface, String containerAddress, Optional<Bridge> bridge) {

    /**
     * Bridge mode's bridge. It lives in a net namespace of its own, the switch, held by the
     * stage's anchor (SWITCHPID), so it goes with the stage even after a kill -9, and the
     * host's firewall (Docker's FORWARD policy DROP with br_netfilter) never sees the frames
     * between its ports. The host reaches it through the uplink, a veth pair: UPLINK on the
     * host carries the bridge's subnet's .1, UPLINKPEER is a port of the bridge.
     */
    public record Bridge(String name, String uplink, String uplinkPeer, long switchPid) {
        /** The names the stage gives them (nsx-monitor.c's join_switch derives the uplink's from the bridge's). */
        public static Bridge ofStage(long stagePid) {
            return new Bridge("nsxbr" + stagePid, "nsxsw" + stagePid, "uplink", stagePid);
        }
    }

    /** The container's default gateway: the host side's address without its prefix. */
    public String gateway() {
        return withoutPrefix(hostAddress);
    }

    public String containerIp() {
        return withoutPrefix(containerAddress);
    }

    static String withoutPrefix(String cidr) {
        return cidr.substring(0, cidr.indexOf('/'));
    }
}

package org.nsexplorer.helper.network;

import java.util.Optional;
import org.nsexplorer.helper.spec.NetworkMode;

/**
 * A container's veth pair: the host end's name, the addresses on both sides, and the bridge
 * the host end is a port of (bridge mode). Addresses are CIDR (a.b.c.d/len).
 *
 * @param hostAddress the host end's address (veth), or the bridge's (bridge)
 */
public record NetworkAttachment(NetworkMode mode, String hostInterface, String hostAddress,
        String containerInterface, String containerAddress, Optional<String> bridge) {

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

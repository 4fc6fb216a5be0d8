package org.nsexplorer.helper.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A network interface as its namespace sees it. peerIndex: for a veth, the index of the
 * other end (in the other namespace); 0 when the interface has none.
 */
public record NetInterface(String name, int index, boolean up, int mtu, String mac, List<Address> addresses,
        int peerIndex) {
    private static final long IFF_UP = 0x1;

    public record Address(String family, String address, int prefixLength) {
    }

    static final class Builder {
        private final int index;
        private final String name;
        private final long flags;
        private final int mtu;
        private final String mac;
        private final int link;
        final List<Address> addresses = new ArrayList<>();

        Builder(int index, String name, long flags, int mtu, String mac, int link) {
            this.index = index;
            this.name = name;
            this.flags = flags;
            this.mtu = mtu;
            this.mac = mac;
            this.link = link;
        }

        NetInterface build() {
            // IFLA_LINK equal to the interface's own index, or 0, means "no peer".
            return new NetInterface(name, index, (flags & IFF_UP) != 0, mtu, mac, List.copyOf(addresses),
                    link == index ? 0 : link);
        }
    }
}

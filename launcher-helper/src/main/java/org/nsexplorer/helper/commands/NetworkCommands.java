package org.nsexplorer.helper.commands;

import java.util.ArrayList;
import java.util.List;
import org.nsexplorer.helper.spec.NetworkMode;

/**
 * The walkthrough's network by hand: a net namespace held open by a sleeping process (no
 * `ip netns`, which leaves a mount of /run/netns behind), a veth pair with one end in it, 10.0.0.1 on the host side (the end itself, or a bridge) and 10.0.0.2
 * inside, lo and eth0 up, a default route; and its removal afterwards.
 */
final class NetworkCommands {
    /** The net namespace, as nsenter names it. */
    static final String NETNS_PATH = "/proc/$NETNS_PID/ns/net";
    private static final String IN_NS = "nsenter --net=" + NETNS_PATH + " ip ";
    private static final String HOST_END = "nsxv$$"; // at most 15 bytes with any PID
    private static final String BRIDGE = "nsxbr$$";

    private NetworkCommands() {
    }

    static List<String> setUp(NetworkMode mode) {
        List<String> lines = new ArrayList<>();
        lines.add("unshare --net sleep infinity & NETNS_PID=$!");
        lines.add("sleep 0.2 # until unshare has made the namespace");
        lines.add("ip link add " + HOST_END + " type veth peer name eth0 netns $NETNS_PID");
        if (mode == NetworkMode.BRIDGE) {
            lines.add("ip link add " + BRIDGE + " type bridge");
            lines.add("ip addr add 10.0.0.1/24 dev " + BRIDGE);
            lines.add("ip link set " + BRIDGE + " up");
            lines.add("ip link set " + HOST_END + " master " + BRIDGE);
        } else {
            lines.add("ip addr add 10.0.0.1/24 dev " + HOST_END);
        }
        lines.add("ip link set " + HOST_END + " up");
        lines.add(IN_NS + "link set lo up");
        lines.add(IN_NS + "addr add 10.0.0.2/24 dev eth0");
        lines.add(IN_NS + "link set eth0 up");
        lines.add(IN_NS + "route add default via 10.0.0.1");
        return lines;
    }

    /** The namespace goes with its last process, and eth0 and the host end with it; the bridge goes by hand. */
    static List<String> tearDown(NetworkMode mode) {
        List<String> lines = new ArrayList<>();
        lines.add("ip link del " + HOST_END + " # deletes both ends at once");
        lines.add("kill $NETNS_PID");
        if (mode == NetworkMode.BRIDGE) {
            lines.add("ip link del " + BRIDGE);
        }
        return lines;
    }
}

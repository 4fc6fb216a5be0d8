package org.nsexplorer.helper.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * The walkthrough's network by hand: a net namespace held open by a sleeping process (no
 * `ip netns`, which leaves a mount of /run/netns behind), a veth pair with one end in it,
 * 10.0.0.1 on the host side and 10.0.0.2 inside, lo and eth0 up, a default route; and its
 * removal afterwards. For a bridge, as the helper builds it: the bridge in a "switch" net
 * namespace of its own (held by a second sleeping process), the container's pair made there
 * as its port, and an uplink veth pair from the host to the bridge with 10.0.0.1 on its host
 * end. The host's firewall rules do not reach a bridge there (Docker's FORWARD DROP would).
 */
final class NetworkCommands {
    /** The net namespace, as nsenter names it. */
    static final String NETNS_PATH = "/proc/$NETNS_PID/ns/net";
    private static final String IN_NS = "nsenter --net=" + NETNS_PATH + " ip ";
    private static final String IN_SWITCH = "nsenter --net=/proc/$SWITCH_PID/ns/net ip ";
    private static final String HOST_END = "nsxv$$"; // at most 15 bytes with any PID
    private static final String BRIDGE = "nsxbr$$";
    private static final String UPLINK = "nsxsw$$";

    private NetworkCommands() {
    }

    static List<String> setUp(NetworkMode mode, Locale locale) {
        List<String> lines = new ArrayList<>();
        boolean bridge = mode == NetworkMode.BRIDGE;
        if (bridge) {
            lines.add("unshare --net sleep infinity & SWITCH_PID=$! # "
                    + Sentence.of(Word.COMMANDS_COMMENT_SWITCH).in(locale));
        }
        lines.add("unshare --net sleep infinity & NETNS_PID=$!");
        lines.add("sleep 0.2 # " + Sentence.of(bridge ? Word.COMMANDS_COMMENT_WAIT_NAMESPACES
                : Word.COMMANDS_COMMENT_WAIT_NAMESPACE).in(locale));
        if (bridge) {
            lines.add("ip link add " + UPLINK + " type veth peer name uplink netns $SWITCH_PID");
            lines.add("ip addr add 10.0.0.1/24 dev " + UPLINK);
            lines.add("ip link set " + UPLINK + " up");
            lines.add(IN_SWITCH + "link add " + BRIDGE + " type bridge");
            lines.add(IN_SWITCH + "link set " + BRIDGE + " up");
            lines.add(IN_SWITCH + "link set uplink master " + BRIDGE);
            lines.add(IN_SWITCH + "link set uplink up");
            lines.add(IN_SWITCH + "link add " + HOST_END + " type veth peer name eth0 netns $NETNS_PID");
            lines.add(IN_SWITCH + "link set " + HOST_END + " master " + BRIDGE);
            lines.add(IN_SWITCH + "link set " + HOST_END + " up");
        } else {
            lines.add("ip link add " + HOST_END + " type veth peer name eth0 netns $NETNS_PID");
            lines.add("ip addr add 10.0.0.1/24 dev " + HOST_END);
            lines.add("ip link set " + HOST_END + " up");
        }
        lines.add(IN_NS + "link set lo up");
        lines.add(IN_NS + "addr add 10.0.0.2/24 dev eth0");
        lines.add(IN_NS + "link set eth0 up");
        lines.add(IN_NS + "route add default via 10.0.0.1");
        return lines;
    }

    /** A namespace goes with its last process, and the interfaces in it with it (a veth pair's both ends). */
    static List<String> tearDown(NetworkMode mode, Locale locale) {
        List<String> lines = new ArrayList<>();
        if (mode == NetworkMode.BRIDGE) {
            lines.add(IN_SWITCH + "link del uplink # " + Sentence.of(Word.COMMANDS_COMMENT_DELETE_UPLINK, UPLINK)
                    .in(locale));
            lines.add("kill $NETNS_PID $SWITCH_PID # " + Sentence.of(Word.COMMANDS_COMMENT_SWITCH_GOES).in(locale));
        } else {
            lines.add("ip link del " + HOST_END + " # " + Sentence.of(Word.COMMANDS_COMMENT_DELETE_PAIR).in(locale));
            lines.add("kill $NETNS_PID");
        }
        return lines;
    }
}

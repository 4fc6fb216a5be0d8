package org.nsexplorer.helper.spec;

import java.util.Locale;
import org.nsexplorer.helper.words.Word;

/**
 * How a container reaches the network. HOST: no net namespace. ISOLATED: its own net
 * namespace with only lo (down, as the kernel makes it). VETH: a veth pair to the host, one
 * subnet per container. BRIDGE: a veth pair whose host end is a port of a bridge shared by
 * the bridge containers, so they reach each other. JOINED is never asked for: it names a
 * container that joined another's net namespace.
 */
public enum NetworkMode {
    HOST, ISOLATED, VETH, BRIDGE, JOINED;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the mode gives the container a veth pair. */
    public boolean hasVeth() {
        return this == VETH || this == BRIDGE;
    }

    /** The modes a request may name. */
    public static NetworkMode fromCliName(String name) throws InvalidRequestException {
        for (NetworkMode mode : values()) {
            if (mode != JOINED && mode.cliName().equals(name)) {
                return mode;
            }
        }
        throw new InvalidRequestException("network", Word.RECIPE_NETWORK_UNKNOWN, SpecParsers.printable(name));
    }
}

package org.nsexplorer.helper.spec;

import java.util.Optional;
import java.util.Set;
import org.nsexplorer.helper.words.Word;

/** The one rule between the network mode, the net namespace and a joined net namespace. */
final class NetworkRules {
    private NetworkRules() {
    }

    /**
     * The mode decides whether there is a net namespace: host means none, every other mode
     * its own. Without a mode, the namespaces decide (net: isolated; none: host).
     */
    static NetworkMode decide(Optional<NetworkMode> asked, Set<Namespace> ns, Optional<JoinSpec> join)
            throws InvalidRequestException {
        boolean joined = join.isPresent() && join.get().namespaces().contains(Namespace.NET);
        if (joined) {
            if (asked.isPresent()) {
                throw new InvalidRequestException("network", Word.RECIPE_NETWORK_JOINED);
            }
            return NetworkMode.JOINED;
        }
        boolean own = ns.contains(Namespace.NET);
        if (asked.isEmpty()) {
            return own ? NetworkMode.ISOLATED : NetworkMode.HOST;
        }
        NetworkMode mode = asked.get();
        if (mode == NetworkMode.HOST && own) {
            throw new InvalidRequestException("network", Word.RECIPE_NETWORK_HOST_WITH_NET);
        }
        if (mode != NetworkMode.HOST && !own) {
            throw new InvalidRequestException("network", Word.RECIPE_NETWORK_NEEDS_NET, mode.cliName());
        }
        return mode;
    }
}

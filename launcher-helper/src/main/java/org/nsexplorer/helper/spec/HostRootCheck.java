package org.nsexplorer.helper.spec;

/**
 * Decides whether the caller may run a container whose root keeps the host root's powers
 * (--host-root). Root may; anyone else needs an administrator's authorization.
 */
@FunctionalInterface
public interface HostRootCheck {
    /** Only root: no way to ask anyone else is wired (fail closed). */
    HostRootCheck ROOT_ONLY = caller -> {
        if (!caller.isRoot()) {
            throw new InvalidRequestException("hostRoot", "host-root gives the container the host root's powers,"
                    + " and you (" + caller + ") are not root: leave it out (a user namespace lets root inside"
                    + " rename its own host), or start the app as root");
        }
    };

    void require(Caller caller) throws InvalidRequestException;
}

package org.nsexplorer.helper.spec;

import org.nsexplorer.helper.words.Word;

/**
 * Decides whether the caller may run a container whose root keeps the host root's powers
 * (--host-root). Root may; anyone else needs an administrator's authorization.
 */
@FunctionalInterface
public interface HostRootCheck {
    /** Only root: no way to ask anyone else is wired (fail closed). */
    HostRootCheck ROOT_ONLY = caller -> {
        if (!caller.isRoot()) {
            throw new InvalidRequestException("hostRoot", Word.RECIPE_HOST_ROOT_NOT_ROOT, caller);
        }
    };

    void require(Caller caller) throws InvalidRequestException;
}

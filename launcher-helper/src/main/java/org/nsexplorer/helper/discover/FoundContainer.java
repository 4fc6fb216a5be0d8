package org.nsexplorer.helper.discover;

import java.util.List;
import java.util.Map;

/**
 * A container on the host that this helper did not make, as `discover` reports it.
 *
 * @param engine its maker's name ({@link Maker#label()})
 * @param id the engine's id for it (64 hex digits), or null where the engine names it only (lxc, nspawn) or none
 * @param name the name its engine gave it, or null where none was found
 * @param image the image it was started from, where its engine records it on disk; else null
 * @param hostPid its first process, as the host numbers it
 * @param command that process's name (comm)
 * @param uid that process's real uid on the host
 * @param processes how many processes it holds, the first included
 * @param namespaces its namespaces (type to inode; null where unreadable)
 * @param ownNamespaces the types of the namespaces it does not share with the host, in the kernel's order
 */
public record FoundContainer(String engine, String id, String name, String image, long hostPid, String command,
        long uid, int processes, Map<String, Long> namespaces, List<String> ownNamespaces) {

    /** The same without what its engine's root-only files said (name and image). */
    public FoundContainer withoutRecords() {
        return new FoundContainer(engine, id, null, null, hostPid, command, uid, processes, namespaces, ownNamespaces);
    }
}

package org.nsexplorer.helper.spec;

import java.util.OptionalInt;
import java.util.Set;

/**
 * A shell in a running container others made, as `nsenter --target PID --all` opens one: a
 * process of ours (our cgroup, our terminal) in every namespace of PID that is not the
 * helper's own.
 *
 * @param pid          a process of that container, its first usually
 * @param startTicks   when PID started (field 22 of /proc/PID/stat): with the PID, that process for good
 * @param entered      the namespaces of PID that differ from the helper's, which the shell enters
 * @param userOwnedBy  for a caller other than root: the uid that must own PID's user namespace
 *                     (the stage checks it again, with the kernel's answer)
 */
public record EnterSpec(long pid, long startTicks, Set<Namespace> entered, OptionalInt userOwnedBy) {
    public EnterSpec {
        entered = Set.copyOf(entered);
    }

    /** Whether the shell stays in the host's user namespace: root inside is the host's root (Docker's way). */
    public boolean hostUserNamespace() {
        return !entered.contains(Namespace.USER);
    }
}

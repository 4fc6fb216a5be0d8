package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a host process runs inside one of our containers: its cgroup is an nsx-* one. */
public final class ContainerProcesses {
    private ContainerProcesses() {
    }

    public static boolean isInContainer(long pid) {
        if (pid < 2) {
            return false;
        }
        try {
            // A top-level nsx-PID-START-N cgroup (hierarchy:controllers:/nsx-...), not a user's own nsx-x below.
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .map(line -> line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1))
                    .anyMatch(path -> path.matches("/nsx-\\d+-\\d+-\\d+(/.*)?"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether PID is in the helper's own namespace of type NS, which is the host's: joining
     * it would give the new container the host's network (and CAP_NET_ADMIN on it). An
     * unreadable link counts as shared, so the join is refused.
     */
    public static boolean sharesHostNamespace(long pid, Namespace ns) {
        try {
            Path theirs = Path.of("/proc", Long.toString(pid), "ns", ns.procName());
            Path ours = Path.of("/proc/self/ns", ns.procName());
            return Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(ours));
        } catch (IOException e) {
            return true;
        }
    }
}

package org.nsexplorer.helper.snapshot;

import java.util.List;
import java.util.Map;

/**
 * What one process sees, read from the kernel. The JSON of `nsx-helper snapshot`. system:
 * host-level facts (OSHI), in the host's snapshot only; null in a container's.
 */
public record Snapshot(long pid, String hostname, String domainname, Map<String, Long> namespaces,
        List<ProcessInfo> processes, List<MountEntry> mounts, List<NetInterface> interfaces,
        List<IdMapRange> uidMap, List<IdMapRange> gidMap, IpcObjects ipc, CgroupUsage cgroup, SystemSummary system) {

    /** The same without each process's own namespaces: smaller, for a view refreshed every second. */
    public Snapshot compact() {
        return new Snapshot(pid, hostname, domainname, namespaces, processes.stream().map(p -> new ProcessInfo(
                p.hostPid(), p.hostPpid(), p.nsPid(), p.nsPpid(), p.comm(), p.cmdline(), p.uid(), p.hostUid(),
                p.state(), null)).toList(), mounts, interfaces, uidMap, gidMap, ipc, cgroup, system);
    }

    Snapshot withSystem(SystemSummary summary) {
        return new Snapshot(pid, hostname, domainname, namespaces, processes, mounts, interfaces, uidMap, gidMap, ipc,
                cgroup, summary);
    }
}

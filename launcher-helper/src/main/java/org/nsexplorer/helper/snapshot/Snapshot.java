package org.nsexplorer.helper.snapshot;

import java.util.List;
import java.util.Map;

/** What one process sees, read from the kernel. The JSON of `nsx-helper snapshot`. */
public record Snapshot(long pid, String hostname, String domainname, Map<String, Long> namespaces,
        List<ProcessInfo> processes, List<MountEntry> mounts, List<NetInterface> interfaces,
        List<IdMapRange> uidMap, List<IdMapRange> gidMap, IpcObjects ipc, CgroupUsage cgroup) {
}

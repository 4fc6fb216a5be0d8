package org.nsexplorer.helper.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A container's view next to the host's, and what differs: the JSON of
 * `nsx-helper snapshot --pid PID --compare-host`.
 */
public record HostComparison(Snapshot host, Snapshot container, Comparison comparison) {

    /**
     * namespaces: each type "shared" or "private"; processes: the container's, host PID next
     * to in-container PID; mounts and interfaces seen on one side only.
     */
    public record Comparison(Map<String, String> namespaces, List<PidPair> processes,
            List<MountEntry> mountsOnlyInContainer, List<MountEntry> mountsOnlyOnHost,
            List<String> interfacesOnlyInContainer, List<String> interfacesOnlyOnHost) {
    }

    public record PidPair(long hostPid, long containerPid, String comm) {
    }

    /**
     * What the app reads each second: both views without each process's namespaces (see
     * Snapshot.compact), nor the mounts seen on one side only (null, left out of the answer):
     * the app compares the two mount tables itself (app compare/MountComparison).
     */
    public HostComparison compact() {
        return new HostComparison(host.compact(), container.compact(), new Comparison(comparison.namespaces(),
                comparison.processes(), null, null, comparison.interfacesOnlyInContainer(),
                comparison.interfacesOnlyOnHost()));
    }

    public static HostComparison of(Snapshot host, Snapshot container) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        // A type this kernel lacks (time before Linux 5.6) has no inode on either side: left out.
        container.namespaces().forEach((type, inode) -> {
            if (inode != null && host.namespaces().get(type) != null) {
                namespaces.put(type, inode.equals(host.namespaces().get(type)) ? "shared" : "private");
            }
        });
        List<PidPair> pids = container.processes().stream()
                .map(p -> new PidPair(p.hostPid(), p.nsPid(), p.comm())).toList();
        // Interfaces belong to one network namespace: another namespace shares none of them.
        boolean sameNet = "shared".equals(namespaces.get("net"));
        List<String> containerIfs = container.interfaces().stream().map(NetInterface::name).toList();
        List<String> hostIfs = host.interfaces().stream().map(NetInterface::name).toList();
        return new HostComparison(host, container, new Comparison(namespaces, pids,
                onlyIn(container.mounts(), host.mounts()), onlyIn(host.mounts(), container.mounts()),
                sameNet ? List.of() : containerIfs, sameNet ? List.of() : hostIfs));
    }

    private static List<MountEntry> onlyIn(List<MountEntry> side, List<MountEntry> other) {
        Set<String> there = other.stream().map(MountEntry::identity).collect(Collectors.toSet());
        return side.stream().filter(m -> !there.contains(m.identity())).toList();
    }
}

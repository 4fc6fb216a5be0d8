package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nsexplorer.app.containers.Namespace;

/**
 * One refresh of the side-by-side views, parsed off the FX thread from the helper's
 * comparison: immutable, handed to the FX thread whole. ownProcesses: the host PIDs of the
 * processes the container itself started (its cgroup's members), or null when the helper did
 * not list them. The process trees come twice: every process, and the differences only
 * (ProcessTree.differences), so that the switch between them asks for no work.
 */
public record CompareSnapshot(String hostHostname, String containerHostname, List<NamespaceRow> namespaces,
        List<ProcessRow> hostProcesses, List<ProcessRow> containerProcesses, Side host, Side container,
        Usage usage, List<ProcessTree.Line> hostTree, List<ProcessTree.Line> containerTree, Set<Long> ownProcesses,
        List<ProcessTree.Line> hostDifferences, List<ProcessTree.Line> containerDifferences) {

    /**
     * Whether the container itself started HOSTPID, so that the teacher may signal it: without
     * a PID namespace, or in one it shares, the container's tree shows processes not its own.
     */
    public boolean isOwn(long hostPid) {
        return ownProcesses == null ? containerProcesses.stream().anyMatch(r -> r.hostPid() == hostPid)
                : ownProcesses.contains(hostPid);
    }

    /** The container's process of HOSTPID, if its tree shows it. */
    public Optional<ProcessRow> containerProcess(long hostPid) {
        return containerProcesses.stream().filter(r -> r.hostPid() == hostPid).findFirst();
    }

    /** The process of HOSTPID on either side, if a tree shows it. */
    public Optional<ProcessRow> process(long hostPid) {
        return containerProcess(hostPid).or(() -> hostProcesses.stream().filter(r -> r.hostPid() == hostPid)
                .findFirst());
    }

    /**
     * Whether OTHER shows the container the same as this: its hostname, namespaces, processes,
     * lists and usage figures (not the moment they were sampled), and the host's hostname,
     * namespaces and lists. Not the host's processes: they change all the time (kernel worker
     * threads rename themselves, the helper's own probes come and go), so RefreshPace would
     * never slow down on them.
     */
    public boolean sameContainerSideAs(CompareSnapshot other) {
        return other != null && containerSide().equals(other.containerSide());
    }

    private List<Object> containerSide() {
        Usage u = usage == null ? null : new Usage(usage.memoryBytes(), usage.memoryLimit(), usage.cpuNanos(),
                usage.cpuQuotaMicros(), usage.cpuPeriodMicros(), usage.pids(), usage.pidsLimit(), 0);
        return Arrays.asList(hostHostname, containerHostname, namespaces, containerProcesses, host, container, u,
                containerTree, containerDifferences, ownProcesses);
    }

    /** The lists one side shows in the mounts, network, users and IPC tabs. */
    public record Side(List<Item> mounts, List<Item> interfaces, List<Item> users, List<Item> ipc) {
    }

    /** One line of a list; onlyHere marks what the other side does not have; detail: all of it, for the details line. */
    public record Item(String text, boolean onlyHere, String detail) {
        public Item(String text, boolean onlyHere) {
            this(text, onlyHere, null);
        }
    }

    /**
     * The container's cgroup usage against its limits; null where a controller or limit is
     * absent. sampledNanos: System.nanoTime() when the helper's answer was read, the clock a
     * CPU share is measured against (so two samples with the same numbers are two samples).
     */
    public record Usage(Long memoryBytes, Long memoryLimit, Long cpuNanos, Long cpuQuotaMicros,
            Long cpuPeriodMicros, Long pids, Long pidsLimit, long sampledNanos) {
    }

    /** One namespace type: the ids on both sides and whether they are the same namespace. */
    public record NamespaceRow(Namespace type, long hostId, long containerId, boolean shared) {
    }

    /**
     * A process line: its PID on the host, its PID inside the container (0 when it is not in
     * the container), its parent on the same side, its full command (the command line, or
     * [comm]), whether it belongs to the container (in its PID namespace; without one of its
     * own, one of the processes it started), and whether it is a kernel thread.
     */
    public record ProcessRow(long hostPid, long containerPid, long parentPid, String command, boolean inContainer,
            boolean kernelThread) {
        public ProcessRow(long hostPid, long containerPid, long parentPid, String command, boolean inContainer) {
            this(hostPid, containerPid, parentPid, command, inContainer, false);
        }

        /** The command's short form, for a row (`sleep 100`, not `/usr/bin/sleep 100`). */
        public String name() {
            return CommandName.shorten(command);
        }
    }

    public static CompareSnapshot parse(JsonNode comparison) {
        return parse(comparison, null);
    }

    /** With MEMBERS, the "members" of the helper's answer (the container's own processes), or null. */
    public static CompareSnapshot parse(JsonNode comparison, JsonNode members) {
        JsonNode host = comparison.get("host");
        JsonNode container = comparison.get("container");
        JsonNode diff = comparison.path("comparison");
        List<NamespaceRow> namespaces = new ArrayList<>();
        for (Namespace type : Namespace.values()) {
            long hostId = host.path("namespaces").path(type.procName()).asLong();
            long containerId = container.path("namespaces").path(type.procName()).asLong();
            // A type this kernel lacks (time before Linux 5.6) has no inode: no row, never "its own".
            if (hostId > 0 && containerId > 0) {
                namespaces.add(new NamespaceRow(type, hostId, containerId, hostId == containerId));
            }
        }
        Set<Long> own = own(members);
        boolean pidShared = "shared".equals(diff.path("namespaces").path(Namespace.PID.procName()).asText());
        // In a PID namespace of its own, the container's processes are those it sees; in the
        // host's, it sees every process: its own are those it started.
        Set<Long> belonging = new HashSet<>();
        if (pidShared) {
            belonging.addAll(own != null ? own : subtree(host.get("processes"), container.path("pid").asLong()));
        } else {
            container.get("processes").forEach(p -> belonging.add(p.get("hostPid").asLong()));
        }
        List<ProcessRow> containerProcesses = new ArrayList<>();
        for (JsonNode p : container.get("processes")) {
            long hostPid = p.get("hostPid").asLong();
            containerProcesses.add(new ProcessRow(hostPid, p.get("nsPid").asLong(), p.get("nsPpid").asLong(),
                    command(p), belonging.contains(hostPid), kernelThread(p)));
        }
        Map<Long, Long> insidePidOf = new HashMap<>();
        containerProcesses.forEach(r -> insidePidOf.put(r.hostPid(), r.containerPid()));
        List<ProcessRow> hostProcesses = new ArrayList<>();
        for (JsonNode p : host.get("processes")) {
            long hostPid = p.get("hostPid").asLong();
            hostProcesses.add(new ProcessRow(hostPid, insidePidOf.getOrDefault(hostPid, 0L),
                    p.get("hostPpid").asLong(), command(p), belonging.contains(hostPid), kernelThread(p)));
        }
        List<ProcessTree.Line> containerTree = ProcessTree.of(containerProcesses, true);
        List<MountComparison.Mount> hostMounts = MountComparison.mounts(host.path("mounts"));
        List<MountComparison.Mount> containerMounts = MountComparison.mounts(container.path("mounts"));
        return new CompareSnapshot(host.path("hostname").asText(), container.path("hostname").asText(),
                List.copyOf(namespaces), List.copyOf(hostProcesses), List.copyOf(containerProcesses),
                side(host, MountComparison.hostItems(hostMounts, containerMounts), diff.path("interfacesOnlyOnHost"),
                        container, true),
                side(container, MountComparison.containerItems(containerMounts, hostMounts),
                        diff.path("interfacesOnlyInContainer"), host, false),
                usage(container.path("cgroup")), ProcessTree.of(hostProcesses, false), containerTree, own,
                ProcessTree.differences(hostProcesses, false, pidShared ? "process.othersSeen"
                        : "process.othersUnseen"),
                pidShared ? ProcessTree.differences(containerProcesses, true, "process.hostSeen") : containerTree);
    }

    private static Set<Long> own(JsonNode members) {
        if (members == null || !members.isArray()) {
            return null;
        }
        Set<Long> pids = new HashSet<>();
        members.forEach(pid -> pids.add(pid.asLong()));
        return Set.copyOf(pids);
    }

    /** ROOT and its descendants among PROCESSES: the container's own when the helper did not list them. */
    private static Set<Long> subtree(JsonNode processes, long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        processes.forEach(p -> children.computeIfAbsent(p.path("hostPpid").asLong(), k -> new ArrayList<>())
                .add(p.path("hostPid").asLong()));
        Set<Long> found = new HashSet<>();
        Deque<Long> next = new ArrayDeque<>(List.of(root));
        while (!next.isEmpty()) {
            long pid = next.pop();
            if (found.add(pid)) {
                next.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return found;
    }

    /** kthreadd (PID 2, whose parent is none) and its children, the kernel's own threads. */
    private static boolean kernelThread(JsonNode p) {
        long ppid = p.path("hostPpid").asLong();
        return ppid == 2 || ppid == 0 && p.path("hostPid").asLong() == 2;
    }

    private static Side side(JsonNode s, List<Item> mounts, JsonNode onlyInterfaces, JsonNode other,
            boolean hostSide) {
        Set<String> onlyIfs = new HashSet<>();
        onlyInterfaces.forEach(i -> onlyIfs.add(i.asText()));
        return new Side(mounts, InterfaceItems.items(s.path("interfaces"), onlyIfs, other.path("interfaces"),
                hostSide ? "view.interface.containers" : "view.interface.hosts"),
                IdMapWords.items(IdMapWords.ranges(s.path("uidMap")), IdMapWords.ranges(s.path("gidMap")), hostSide),
                IpcItems.items(s.path("ipc")));
    }

    private static Usage usage(JsonNode cgroup) {
        return new Usage(number(cgroup.path("memory").path("currentBytes")),
                number(cgroup.path("memory").path("limitBytes")), number(cgroup.path("cpu").path("usageNanos")),
                number(cgroup.path("cpu").path("quotaMicros")), number(cgroup.path("cpu").path("periodMicros")),
                number(cgroup.path("pids").path("current")), number(cgroup.path("pids").path("limit")),
                System.nanoTime());
    }

    private static Long number(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }

    private static String command(JsonNode p) {
        return CommandName.full(p.path("cmdline").asText(), p.path("comm").asText());
    }
}

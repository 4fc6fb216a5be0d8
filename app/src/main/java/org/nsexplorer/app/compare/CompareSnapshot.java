package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One refresh of the side-by-side views, parsed off the FX thread from the helper's
 * comparison: immutable, handed to the FX thread whole. ownProcesses: the host PIDs of the
 * processes the container itself started (its cgroup's members), or null when the helper did
 * not list them.
 */
public record CompareSnapshot(String hostHostname, String containerHostname, List<NamespaceRow> namespaces,
        List<ProcessRow> hostProcesses, List<ProcessRow> containerProcesses, Side host, Side container,
        Usage usage, List<ProcessTree.Line> hostTree, List<ProcessTree.Line> containerTree, Set<Long> ownProcesses) {

    /**
     * Whether the container itself started HOSTPID, so that the teacher may signal it: without
     * a PID namespace, or in one it shares, the container's tree shows processes not its own.
     */
    public boolean isOwn(long hostPid) {
        return ownProcesses == null ? containerProcesses.stream().anyMatch(r -> r.hostPid() == hostPid)
                : ownProcesses.contains(hostPid);
    }

    /** The container's process of HOSTPID, if its tree shows it. */
    public java.util.Optional<ProcessRow> containerProcess(long hostPid) {
        return containerProcesses.stream().filter(r -> r.hostPid() == hostPid).findFirst();
    }

    /** The lists one side shows in the mounts, network, users and IPC tabs. */
    public record Side(List<Item> mounts, List<Item> interfaces, List<Item> users, List<Item> ipc) {
    }

    /** One line of a list; onlyHere marks what the other side does not have. */
    public record Item(String text, boolean onlyHere) {
    }

    /** The container's cgroup usage against its limits; null where a controller or limit is absent. */
    public record Usage(Long memoryBytes, Long memoryLimit, Long oomKills, Long cpuNanos, Long cpuQuotaMicros,
            Long cpuPeriodMicros, Long pids, Long pidsLimit) {
    }

    public static final List<String> TYPES = List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time");

    /** One namespace type: the ids on both sides and whether they are the same namespace. */
    public record NamespaceRow(String type, long hostId, long containerId, boolean shared) {
    }

    /**
     * A process line: its PID on the host, its PID inside the container (0 when it is not in
     * the container), its parent on the same side, and whether it belongs to the container.
     */
    public record ProcessRow(long hostPid, long containerPid, long parentPid, String command, boolean inContainer) {
    }

    public static CompareSnapshot parse(JsonNode comparison) {
        return parse(comparison, null);
    }

    /** With MEMBERS, the "members" of the helper's answer (the container's own processes), or null. */
    public static CompareSnapshot parse(JsonNode comparison, JsonNode members) {
        JsonNode host = comparison.get("host");
        JsonNode container = comparison.get("container");
        List<NamespaceRow> namespaces = new ArrayList<>();
        for (String type : TYPES) {
            namespaces.add(new NamespaceRow(type, host.path("namespaces").path(type).asLong(),
                    container.path("namespaces").path(type).asLong(),
                    "shared".equals(comparison.path("comparison").path("namespaces").path(type).asText())));
        }
        List<ProcessRow> containerProcesses = new ArrayList<>();
        for (JsonNode p : container.get("processes")) {
            containerProcesses.add(new ProcessRow(p.get("hostPid").asLong(), p.get("nsPid").asLong(),
                    p.get("nsPpid").asLong(), command(p), true));
        }
        java.util.Map<Long, Long> insidePidOf = new java.util.HashMap<>();
        containerProcesses.forEach(r -> insidePidOf.put(r.hostPid(), r.containerPid()));
        List<ProcessRow> hostProcesses = new ArrayList<>();
        for (JsonNode p : host.get("processes")) {
            long hostPid = p.get("hostPid").asLong();
            hostProcesses.add(new ProcessRow(hostPid, insidePidOf.getOrDefault(hostPid, 0L),
                    p.get("hostPpid").asLong(), command(p), insidePidOf.containsKey(hostPid)));
        }
        JsonNode diff = comparison.path("comparison");
        return new CompareSnapshot(host.path("hostname").asText(), container.path("hostname").asText(),
                List.copyOf(namespaces), List.copyOf(hostProcesses), List.copyOf(containerProcesses),
                side(host, diff.path("mountsOnlyOnHost"), diff.path("interfacesOnlyOnHost")),
                side(container, diff.path("mountsOnlyInContainer"), diff.path("interfacesOnlyInContainer")),
                usage(container.path("cgroup")), ProcessTree.of(hostProcesses, false),
                ProcessTree.of(containerProcesses, true), own(members));
    }

    private static Set<Long> own(JsonNode members) {
        if (members == null || !members.isArray()) {
            return null;
        }
        Set<Long> pids = new HashSet<>();
        members.forEach(pid -> pids.add(pid.asLong()));
        return Set.copyOf(pids);
    }

    private static Side side(JsonNode s, JsonNode onlyMounts, JsonNode onlyInterfaces) {
        Set<String> oneSided = new HashSet<>();
        onlyMounts.forEach(m -> oneSided.add(m.path("target").asText() + " " + m.path("device").asText()));
        List<Item> mounts = new ArrayList<>();
        for (JsonNode m : s.path("mounts")) {
            mounts.add(new Item(String.format("%-24s %-9s %s", m.path("target").asText(), m.path("fstype").asText(),
                    m.path("source").asText()), oneSided.contains(m.path("target").asText() + " "
                            + m.path("device").asText())));
        }
        Set<String> onlyIfs = new HashSet<>();
        onlyInterfaces.forEach(i -> onlyIfs.add(i.asText()));
        List<Item> interfaces = new ArrayList<>();
        for (JsonNode i : s.path("interfaces")) {
            StringBuilder text = new StringBuilder(String.format("%-10s %-4s", i.path("name").asText(),
                    i.path("up").asBoolean() ? "UP" : "DOWN"));
            i.path("addresses").forEach(a -> text.append(' ').append(a.path("address").asText()).append('/')
                    .append(a.path("prefixLength").asInt()));
            interfaces.add(new Item(text.toString(), onlyIfs.contains(i.path("name").asText())));
        }
        List<Item> users = new ArrayList<>();
        for (String map : List.of("uidMap", "gidMap")) {
            for (JsonNode r : s.path(map)) {
                long count = r.path("count").asLong();
                users.add(new Item(String.format("%s: %d..%d inside → %d..%d outside", map.startsWith("uid") ? "uid"
                        : "gid", r.path("inside").asLong(), r.path("inside").asLong() + count - 1,
                        r.path("outside").asLong(), r.path("outside").asLong() + count - 1), false));
            }
        }
        List<Item> ipc = new ArrayList<>();
        s.path("ipc").path("sharedMemory").forEach(m -> ipc.add(new Item(String.format("shm   id %-6d key 0x%08x %d bytes",
                m.path("id").asLong(), m.path("key").asLong(), m.path("size").asLong()), false)));
        s.path("ipc").path("semaphores").forEach(m -> ipc.add(new Item(String.format("sem   id %-6d key 0x%08x %d sems",
                m.path("id").asLong(), m.path("key").asLong(), m.path("count").asLong()), false)));
        s.path("ipc").path("messageQueues").forEach(m -> ipc.add(new Item(String.format("msg   id %-6d key 0x%08x %d msgs",
                m.path("id").asLong(), m.path("key").asLong(), m.path("messages").asLong()), false)));
        return new Side(List.copyOf(mounts), List.copyOf(interfaces), List.copyOf(users), List.copyOf(ipc));
    }

    private static Usage usage(JsonNode cgroup) {
        return new Usage(number(cgroup.path("memory").path("currentBytes")),
                number(cgroup.path("memory").path("limitBytes")), number(cgroup.path("memory").path("oomKills")),
                number(cgroup.path("cpu").path("usageNanos")), number(cgroup.path("cpu").path("quotaMicros")),
                number(cgroup.path("cpu").path("periodMicros")), number(cgroup.path("pids").path("current")),
                number(cgroup.path("pids").path("limit")));
    }

    private static Long number(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }

    private static String command(JsonNode p) {
        String cmdline = p.path("cmdline").asText();
        return cmdline.isEmpty() ? "[" + p.path("comm").asText() + "]" : cmdline;
    }
}

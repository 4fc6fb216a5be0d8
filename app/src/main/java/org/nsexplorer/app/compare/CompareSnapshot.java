package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One refresh of the side-by-side views, parsed off the FX thread from the helper's
 * comparison: immutable, handed to the FX thread whole.
 */
public record CompareSnapshot(String hostHostname, String containerHostname, List<NamespaceRow> namespaces,
        List<ProcessRow> hostProcesses, List<ProcessRow> containerProcesses) {

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
        JsonNode host = comparison.get("host");
        JsonNode container = comparison.get("container");
        List<NamespaceRow> namespaces = new ArrayList<>();
        for (String type : TYPES) {
            namespaces.add(new NamespaceRow(type, host.path("namespaces").path(type).asLong(),
                    container.path("namespaces").path(type).asLong(),
                    "shared".equals(comparison.path("comparison").path("namespaces").path(type).asText())));
        }
        Set<Long> inside = new HashSet<>();
        List<ProcessRow> containerProcesses = new ArrayList<>();
        for (JsonNode p : container.get("processes")) {
            inside.add(p.get("hostPid").asLong());
            containerProcesses.add(new ProcessRow(p.get("hostPid").asLong(), p.get("nsPid").asLong(),
                    p.get("nsPpid").asLong(), command(p), true));
        }
        List<ProcessRow> hostProcesses = new ArrayList<>();
        for (JsonNode p : host.get("processes")) {
            long hostPid = p.get("hostPid").asLong();
            hostProcesses.add(new ProcessRow(hostPid, inside.contains(hostPid) ? containerPidOf(containerProcesses,
                    hostPid) : 0, p.get("hostPpid").asLong(), command(p), inside.contains(hostPid)));
        }
        return new CompareSnapshot(host.path("hostname").asText(), container.path("hostname").asText(),
                List.copyOf(namespaces), List.copyOf(hostProcesses), List.copyOf(containerProcesses));
    }

    private static long containerPidOf(List<ProcessRow> rows, long hostPid) {
        return rows.stream().filter(r -> r.hostPid() == hostPid).mapToLong(ProcessRow::containerPid).findFirst()
                .orElse(0);
    }

    private static String command(JsonNode p) {
        String cmdline = p.path("cmdline").asText();
        return cmdline.isEmpty() ? "[" + p.path("comm").asText() + "]" : cmdline;
    }
}

package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * What the teacher asked for: a launch request's spec. Empty or null fields take the
 * helper's defaults (the built-in rootfs, no limits).
 */
public record Recipe(String rootfs, Set<String> namespaces, String hostname, String memory, String cpus,
        Long pids, Set<String> mounts, String rootSwitch, List<String> command, boolean terminal) {

    public Recipe(String rootfs, Set<String> namespaces, String hostname, String memory, String cpus, Long pids,
            Set<String> mounts, String rootSwitch, List<String> command) {
        this(rootfs, namespaces, hostname, memory, cpus, pids, mounts, rootSwitch, command, false);
    }

    /** The classic container: mnt, uts, ipc, net, pid; the built-in rootfs; its shell. */
    public static Recipe classic() {
        return new Recipe(null, Set.of("mnt", "uts", "ipc", "net", "pid"), "container", null, null, null, null,
                null, List.of("/bin/sleep", "infinity"));
    }

    /** Writes this recipe into a request's "spec" object (launch, commands). */
    public void writeTo(ObjectNode spec) {
        if (rootfs != null && !rootfs.isBlank()) {
            spec.put("rootfs", rootfs);
        }
        var ns = spec.putArray("namespaces");
        List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time").stream()
                .filter(namespaces::contains).forEach(ns::add);
        if (hostname != null && !hostname.isBlank() && namespaces.contains("uts")) {
            spec.put("hostname", hostname);
        }
        if (memory != null && !memory.isBlank()) {
            spec.put("memory", memory);
        }
        if (cpus != null && !cpus.isBlank()) {
            spec.put("cpus", cpus);
        }
        if (pids != null) {
            spec.put("pids", pids);
        }
        if (mounts != null) {
            var m = spec.putArray("mounts");
            List.of("proc", "sys", "tmp", "dev").stream().filter(mounts::contains).forEach(m::add);
        }
        if (rootSwitch != null) {
            spec.put("rootSwitch", rootSwitch);
        }
        var argv = spec.putArray("command");
        command.forEach(argv::add);
        if (terminal) {
            spec.put("terminal", true);
        }
    }
}

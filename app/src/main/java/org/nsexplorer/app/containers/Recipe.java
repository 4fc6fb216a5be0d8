package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * What the teacher asked for: a launch request's spec. Empty or null fields take the
 * helper's defaults (the built-in rootfs, no limits).
 */
public record Recipe(String rootfs, Set<String> namespaces, String hostname, String memory, String cpus,
        Long pids, Set<String> mounts, String rootSwitch, List<String> command, boolean terminal, Network network,
        boolean hostRoot) {

    /**
     * How the container is connected. mode: host, isolated, veth or bridge (null: as the net
     * namespace says); joinContainer: the helper's id of a running container whose
     * joinNamespaces it shares; overlay: copy-on-write with these layers on the rootfs.
     */
    public record Network(String mode, String joinContainer, Set<String> joinNamespaces, boolean overlay,
            List<String> layers) {
        public static final Network DEFAULT = new Network(null, null, Set.of(), false, List.of());
    }

    public Recipe(String rootfs, Set<String> namespaces, String hostname, String memory, String cpus, Long pids,
            Set<String> mounts, String rootSwitch, List<String> command) {
        this(rootfs, namespaces, hostname, memory, cpus, pids, mounts, rootSwitch, command, false, Network.DEFAULT,
                false);
    }

    public Recipe(String rootfs, Set<String> namespaces, String hostname, String memory, String cpus, Long pids,
            Set<String> mounts, String rootSwitch, List<String> command, boolean terminal) {
        this(rootfs, namespaces, hostname, memory, cpus, pids, mounts, rootSwitch, command, terminal,
                Network.DEFAULT, false);
    }

    public Recipe withNetwork(Network how) {
        return new Recipe(rootfs, namespaces, hostname, memory, cpus, pids, mounts, rootSwitch, command, terminal, how,
                hostRoot);
    }

    /** Root inside keeps the host root's powers, as `sudo unshare` gives them (only root or an administrator). */
    public Recipe withHostRoot(boolean asked) {
        return new Recipe(rootfs, namespaces, hostname, memory, cpus, pids, mounts, rootSwitch, command, terminal,
                network, asked);
    }

    /** The classic container: mnt, uts, ipc, net, pid; the built-in rootfs; its shell. */
    public static Recipe classic() {
        return new Recipe(null, Set.of("mnt", "uts", "ipc", "net", "pid"), "container", null, null, null, null,
                null, List.of("/bin/sleep", "infinity"));
    }

    /**
     * The namespaces the container makes of its own: the network mode decides net (host:
     * none), and joined namespaces are entered, not made.
     */
    public Set<String> ownNamespaces() {
        Set<String> own = new java.util.HashSet<>(namespaces);
        if ("host".equals(network.mode())) {
            own.remove("net");
        } else if (network.mode() != null) {
            own.add("net");
        }
        if (network.joinContainer() != null) {
            own.removeAll(network.joinNamespaces());
        }
        return own;
    }

    /** Writes this recipe into a request's "spec" object (launch, commands). */
    public void writeTo(ObjectNode spec) {
        if (rootfs != null && !rootfs.isBlank()) {
            spec.put("rootfs", rootfs);
        }
        Set<String> own = ownNamespaces();
        boolean joining = network.joinContainer() != null && !network.joinNamespaces().isEmpty();
        var ns = spec.putArray("namespaces");
        List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time").stream().filter(own::contains)
                .forEach(ns::add);
        if (hostname != null && !hostname.isBlank() && own.contains("uts")) {
            spec.put("hostname", hostname);
        }
        if (network.mode() != null && !(joining && network.joinNamespaces().contains("net"))) {
            spec.put("network", network.mode());
        }
        if (joining) {
            var join = spec.putObject("join").put("container", network.joinContainer());
            var joined = join.putArray("namespaces");
            network.joinNamespaces().stream().sorted().forEach(joined::add);
        }
        if (network.overlay()) {
            var layers = spec.putObject("overlay").putArray("layers");
            network.layers().forEach(layers::add);
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
        if (hostRoot) {
            spec.put("hostRoot", true);
        }
    }
}

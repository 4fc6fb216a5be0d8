package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the teacher asked for: a launch request's spec. Empty or null fields take the
 * helper's defaults (the built-in rootfs, no limits). Made with {@link #builder()}, or with
 * {@link #entering(long)} for a shell in a container others made.
 */
public record Recipe(String rootfs, Set<Namespace> namespaces, String hostname, String memory, String cpus,
        Long pids, Set<String> mounts, String rootSwitch, List<String> command, boolean terminal, Network network,
        boolean hostRoot, Long enter) {
    /** The mounts a recipe may ask for, in the order the recipe shows them and the request lists them. */
    public static final List<String> MOUNTS = List.of("proc", "sys", "tmp", "dev");

    public Recipe {
        namespaces = Collections.unmodifiableSet(namespaces.isEmpty() ? EnumSet.noneOf(Namespace.class)
                : EnumSet.copyOf(namespaces));
    }

    /**
     * How the container is connected. mode: host, isolated, veth or bridge (null: as the net
     * namespace says); joinContainer: the helper's id of a running container whose
     * joinNamespaces it shares; overlay: copy-on-write with these layers on the rootfs.
     */
    public record Network(String mode, String joinContainer, Set<Namespace> joinNamespaces, boolean overlay,
            List<String> layers) {
        public static final Network DEFAULT = new Network(null, null, Set.of(), false, List.of());

        public Network {
            joinNamespaces = Collections.unmodifiableSet(joinNamespaces.isEmpty() ? EnumSet.noneOf(Namespace.class)
                    : EnumSet.copyOf(joinNamespaces));
        }

        /** Connected as MODE (host, isolated, veth, bridge). */
        public Network withMode(String how) {
            return new Network(how, joinContainer, joinNamespaces, overlay, layers);
        }

        /** Sharing NAMESPACES of the running container CONTAINER (the helper's id): a pod. */
        public Network joining(String container, Set<Namespace> shared) {
            return new Network(mode, container, shared, overlay, layers);
        }

        /** Copy-on-write on the rootfs, with LAYERS (top first) under what the container writes. */
        public Network withOverlay(List<String> on) {
            return new Network(mode, joinContainer, joinNamespaces, true, on);
        }
    }

    /** A recipe with nothing said: the classic namespaces, /bin/sh, the helper's defaults for the rest. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this recipe, to change a field or two. */
    public Builder toBuilder() {
        return new Builder().rootfs(rootfs).namespaces(namespaces).hostname(hostname).memory(memory).cpus(cpus)
                .pids(pids).mounts(mounts).rootSwitch(rootSwitch).command(command).terminal(terminal)
                .network(network).hostRoot(hostRoot).enter(enter);
    }

    /** The classic container: mnt, uts, ipc, net, pid; the built-in rootfs; a process that waits. */
    public static Recipe classic() {
        return builder().hostname("container").command(List.of("/bin/sleep", "infinity")).build();
    }

    /**
     * A shell (/bin/sh on a terminal) in every namespace of host process PID, a container
     * others made, that is not the host's: what `nsenter --target PID --all` and `docker exec`
     * open. It makes no namespace of its own.
     */
    public static Recipe entering(long pid) {
        return builder().namespaces(Set.of()).command(List.of("/bin/sh")).terminal(true).enter(pid).build();
    }

    /** Whether this is a shell in another's container ({@link #entering}), not a container of its own. */
    public boolean enters() {
        return enter != null;
    }

    /**
     * The namespaces the container makes of its own: the network mode decides net (host:
     * none), and joined namespaces are entered, not made.
     */
    public Set<Namespace> ownNamespaces() {
        Set<Namespace> own = namespaces.isEmpty() ? EnumSet.noneOf(Namespace.class) : EnumSet.copyOf(namespaces);
        if ("host".equals(network.mode())) {
            own.remove(Namespace.NET);
        } else if (network.mode() != null) {
            own.add(Namespace.NET);
        }
        if (network.joinContainer() != null) {
            own.removeAll(network.joinNamespaces());
        }
        return own;
    }

    /** Writes this recipe into a request's "spec" object (launch, commands). */
    public void writeTo(ObjectNode spec) {
        if (enters()) { // the helper takes nothing else beside it
            spec.put("enter", enter).put("terminal", terminal);
            command.forEach(spec.putArray("command")::add);
            return;
        }
        if (rootfs != null && !rootfs.isBlank()) {
            spec.put("rootfs", rootfs);
        }
        Set<Namespace> own = ownNamespaces();
        boolean joining = network.joinContainer() != null && !network.joinNamespaces().isEmpty();
        ArrayNode ns = spec.putArray("namespaces");
        own.forEach(n -> ns.add(n.procName()));
        if (hostname != null && !hostname.isBlank() && own.contains(Namespace.UTS)) {
            spec.put("hostname", hostname);
        }
        if (network.mode() != null && !(joining && network.joinNamespaces().contains(Namespace.NET))) {
            spec.put("network", network.mode());
        }
        if (joining) {
            ObjectNode join = spec.putObject("join").put("container", network.joinContainer());
            ArrayNode joined = join.putArray("namespaces");
            network.joinNamespaces().forEach(n -> joined.add(n.procName()));
        }
        if (network.overlay()) {
            ArrayNode layers = spec.putObject("overlay").putArray("layers");
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
            ArrayNode m = spec.putArray("mounts");
            MOUNTS.stream().filter(mounts::contains).forEach(m::add);
        }
        if (rootSwitch != null) {
            spec.put("rootSwitch", rootSwitch);
        }
        ArrayNode argv = spec.putArray("command");
        command.forEach(argv::add);
        if (terminal) {
            spec.put("terminal", true);
        }
        if (hostRoot) {
            spec.put("hostRoot", true);
        }
    }

    /** Fields by name; what is not set stays as {@link #builder()} says. */
    public static final class Builder {
        private String rootfs;
        private Set<Namespace> namespaces = Namespace.CLASSIC;
        private String hostname;
        private String memory;
        private String cpus;
        private Long pids;
        private Set<String> mounts;
        private String rootSwitch;
        private List<String> command = List.of("/bin/sh");
        private boolean terminal;
        private Network network = Network.DEFAULT;
        private boolean hostRoot;
        private Long enter;

        private Builder() {
        }

        /** A directory, or null for the built-in rootfs. */
        public Builder rootfs(String dir) {
            rootfs = dir;
            return this;
        }

        public Builder namespaces(Set<Namespace> types) {
            namespaces = types;
            return this;
        }

        public Builder hostname(String name) {
            hostname = name;
            return this;
        }

        /** "64M"; null or blank: the helper's default. */
        public Builder memory(String limit) {
            memory = limit;
            return this;
        }

        /** "0.5"; null or blank: no limit. */
        public Builder cpus(String limit) {
            cpus = limit;
            return this;
        }

        /** At most this many processes; null: the helper's default. */
        public Builder pids(Long limit) {
            pids = limit;
            return this;
        }

        /** Of {@link #MOUNTS}; null: the helper's default set. */
        public Builder mounts(Set<String> chosen) {
            mounts = chosen;
            return this;
        }

        /** "pivot" or "chroot"; null: the helper's default. */
        public Builder rootSwitch(String how) {
            rootSwitch = how;
            return this;
        }

        public Builder command(List<String> argv) {
            command = argv;
            return this;
        }

        /** Its first process on a terminal the window shows. */
        public Builder terminal(boolean on) {
            terminal = on;
            return this;
        }

        public Builder network(Network how) {
            network = how;
            return this;
        }

        /** Root inside keeps the host root's powers, as `sudo unshare` gives them (only root or an administrator). */
        public Builder hostRoot(boolean asked) {
            hostRoot = asked;
            return this;
        }

        /** A shell in the namespaces of host process PID (see {@link Recipe#entering}); null: a container of its own. */
        public Builder enter(Long pid) {
            enter = pid;
            return this;
        }

        public Recipe build() {
            return new Recipe(rootfs, namespaces, hostname, memory, cpus, pids, mounts, rootSwitch, command, terminal,
                    network, hostRoot, enter);
        }
    }
}

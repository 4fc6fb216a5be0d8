package org.nsexplorer.helper.spec;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything a launch request asks for, as given (not yet validated). The validator turns
 * it into a {@link ValidatedSpec} or refuses it with an {@link InvalidRequestException}.
 * Made by {@link #builder}; a new launch option is one component here and one in the builder.
 */
public record ContainerSpec(
        Optional<Path> rootfs,
        Set<Namespace> namespaces,
        Optional<String> hostname,
        Limits limits,
        Optional<Set<MountKind>> mounts,
        Optional<RootSwitch> rootSwitch,
        OptionalInt mapRoot,
        OptionalLong boottimeOffset,
        OptionalLong monotonicOffset,
        List<String> command,
        StdioMode stdio,
        Optional<NetworkMode> network,
        Optional<JoinSpec> join,
        Optional<OverlaySpec> overlay,
        boolean hostRoot,
        OptionalLong enter) {

    public static final Set<MountKind> DEFAULT_MOUNTS =
            Set.copyOf(EnumSet.of(MountKind.PROC, MountKind.DEV, MountKind.TMP));

    public ContainerSpec {
        namespaces = Set.copyOf(namespaces);
        mounts = mounts.map(Set::copyOf);
        command = List.copyOf(command);
    }

    /** The classic `unshare -m -u -i -n -p -f` container running COMMAND in the default rootfs. */
    public static ContainerSpec of(List<String> command) {
        return builder(command).build();
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    public Builder toBuilder() {
        Builder b = new Builder(command);
        b.rootfs = rootfs;
        b.namespaces = namespaces;
        b.hostname = hostname;
        b.limits = limits;
        b.mounts = mounts;
        b.rootSwitch = rootSwitch;
        b.mapRoot = mapRoot;
        b.boottimeOffset = boottimeOffset;
        b.monotonicOffset = monotonicOffset;
        b.stdio = stdio;
        b.network = network;
        b.join = join;
        b.overlay = overlay;
        b.hostRoot = hostRoot;
        b.enter = enter;
        return b;
    }

    // One-step copies, for code that changes one thing of a spec it has.

    public ContainerSpec withRootfs(Path dir) {
        return toBuilder().rootfs(dir).build();
    }

    public ContainerSpec withNamespaces(Set<Namespace> set) {
        return toBuilder().namespaces(set).build();
    }

    public ContainerSpec withHostname(String name) {
        return toBuilder().hostname(name).build();
    }

    public ContainerSpec withLimits(Limits newLimits) {
        return toBuilder().limits(newLimits).build();
    }

    public ContainerSpec withRootSwitch(RootSwitch how) {
        return toBuilder().rootSwitch(how).build();
    }

    public ContainerSpec withMapRoot(int uid) {
        return toBuilder().mapRoot(uid).build();
    }

    public ContainerSpec withNetwork(NetworkMode mode) {
        return toBuilder().network(mode).build();
    }

    public ContainerSpec withJoin(JoinSpec shared) {
        return toBuilder().join(shared).build();
    }

    public ContainerSpec withOverlay(OverlaySpec layers) {
        return toBuilder().overlay(layers).build();
    }

    public ContainerSpec withHostRoot(boolean asked) {
        return toBuilder().hostRoot(asked).build();
    }

    /**
     * The namespaces when the request names none: the classic five, without net for the
     * host network, and without those joined from another container.
     */
    public static Set<Namespace> defaultNamespaces(Optional<NetworkMode> network, Optional<JoinSpec> join) {
        Set<Namespace> ns = EnumSet.copyOf(Namespace.CLASSIC);
        if (network.isPresent() && network.get() == NetworkMode.HOST) {
            ns.remove(Namespace.NET);
        }
        join.ifPresent(j -> ns.removeAll(j.namespaces()));
        return ns;
    }

    /** Collects a spec's parts; unset ones keep the classic container's defaults. */
    public static final class Builder {
        private List<String> command;
        private Optional<Path> rootfs = Optional.empty();
        private Set<Namespace> namespaces;
        private Optional<String> hostname = Optional.empty();
        private Limits limits = Limits.NONE;
        private Optional<Set<MountKind>> mounts = Optional.empty();
        private Optional<RootSwitch> rootSwitch = Optional.empty();
        private OptionalInt mapRoot = OptionalInt.empty();
        private OptionalLong boottimeOffset = OptionalLong.empty();
        private OptionalLong monotonicOffset = OptionalLong.empty();
        private StdioMode stdio = StdioMode.NULL;
        private Optional<NetworkMode> network = Optional.empty();
        private Optional<JoinSpec> join = Optional.empty();
        private Optional<OverlaySpec> overlay = Optional.empty();
        private boolean hostRoot;
        private OptionalLong enter = OptionalLong.empty();

        private Builder(List<String> command) {
            this.command = command;
        }

        public Builder command(List<String> argv) {
            this.command = argv;
            return this;
        }

        public Builder rootfs(Path dir) {
            this.rootfs = Optional.of(dir);
            return this;
        }

        /** Unset: {@link #defaultNamespaces} for the network and join given. */
        public Builder namespaces(Set<Namespace> set) {
            this.namespaces = set;
            return this;
        }

        public Builder hostname(String name) {
            this.hostname = Optional.of(name);
            return this;
        }

        public Builder limits(Limits newLimits) {
            this.limits = newLimits;
            return this;
        }

        public Builder mounts(Set<MountKind> set) {
            this.mounts = Optional.of(set);
            return this;
        }

        public Builder rootSwitch(RootSwitch how) {
            this.rootSwitch = Optional.of(how);
            return this;
        }

        public Builder mapRoot(int uid) {
            this.mapRoot = OptionalInt.of(uid);
            return this;
        }

        public Builder timeOffsets(OptionalLong boottime, OptionalLong monotonic) {
            this.boottimeOffset = boottime;
            this.monotonicOffset = monotonic;
            return this;
        }

        public Builder stdio(StdioMode mode) {
            this.stdio = mode;
            return this;
        }

        public Builder network(NetworkMode mode) {
            this.network = Optional.of(mode);
            return this;
        }

        public Builder join(JoinSpec shared) {
            this.join = Optional.of(shared);
            return this;
        }

        public Builder overlay(OverlaySpec layers) {
            this.overlay = Optional.of(layers);
            return this;
        }

        /** Root in the container keeps the host root's powers (only root or an administrator may ask). */
        public Builder hostRoot(boolean asked) {
            this.hostRoot = asked;
            return this;
        }

        /**
         * Not a container of its own: a shell in every namespace of the running process PID, a
         * container others made, as `nsenter --target PID --all` gives it.
         */
        public Builder enter(long pid) {
            this.enter = OptionalLong.of(pid);
            return this;
        }

        public ContainerSpec build() {
            Set<Namespace> ns = namespaces != null ? namespaces : defaultNamespaces(network, join);
            return new ContainerSpec(rootfs, ns, hostname, limits, mounts, rootSwitch, mapRoot, boottimeOffset,
                    monotonicOffset, command, stdio, network, join, overlay, hostRoot, enter);
        }
    }
}

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
        boolean hostRoot) {

    public static final Set<Namespace> DEFAULT_NAMESPACES =
            Set.copyOf(EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.NET, Namespace.PID));
    public static final Set<MountKind> DEFAULT_MOUNTS =
            Set.copyOf(EnumSet.of(MountKind.PROC, MountKind.DEV, MountKind.TMP));

    public ContainerSpec {
        namespaces = Set.copyOf(namespaces);
        mounts = mounts.map(Set::copyOf);
        command = List.copyOf(command);
    }

    /** The classic `unshare -m -u -i -n -p -f` container running COMMAND in the default rootfs. */
    public static ContainerSpec of(List<String> command) {
        return new ContainerSpec(Optional.empty(), DEFAULT_NAMESPACES, Optional.empty(), Limits.NONE,
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(),
                OptionalLong.empty(), command, StdioMode.NULL, Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }

    public ContainerSpec withRootfs(Path dir) {
        return new ContainerSpec(Optional.of(dir), namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withNamespaces(Set<Namespace> set) {
        return new ContainerSpec(rootfs, set, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withHostname(String name) {
        return new ContainerSpec(rootfs, namespaces, Optional.of(name), limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withLimits(Limits newLimits) {
        return new ContainerSpec(rootfs, namespaces, hostname, newLimits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withMounts(Set<MountKind> set) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, Optional.of(set), rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withRootSwitch(RootSwitch how) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, Optional.of(how), mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withMapRoot(int uid) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, OptionalInt.of(uid),
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withTimeOffsets(OptionalLong boottime, OptionalLong monotonic) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottime, monotonic, command, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withCommand(List<String> argv) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, argv, stdio, network, join, overlay, hostRoot);
    }

    public ContainerSpec withStdio(StdioMode mode) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, mode, network, join, overlay, hostRoot);
    }

    public ContainerSpec withNetwork(NetworkMode mode) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, Optional.of(mode), join, overlay, hostRoot);
    }

    public ContainerSpec withJoin(JoinSpec shared) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, Optional.of(shared), overlay, hostRoot);
    }

    public ContainerSpec withOverlay(OverlaySpec layers) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, Optional.of(layers), hostRoot);
    }

    /** Root in the container keeps the host root's powers (only root or an administrator may ask). */
    public ContainerSpec withHostRoot(boolean asked) {
        return new ContainerSpec(rootfs, namespaces, hostname, limits, mounts, rootSwitch, mapRoot,
                boottimeOffset, monotonicOffset, command, stdio, network, join, overlay, asked);
    }

    /**
     * The namespaces when the request names none: the classic five, without net for the
     * host network, and without those joined from another container.
     */
    public Set<Namespace> defaultNamespacesForNetworkAndJoin() {
        Set<Namespace> ns = EnumSet.copyOf(DEFAULT_NAMESPACES);
        if (network.isPresent() && network.get() == NetworkMode.HOST) {
            ns.remove(Namespace.NET);
        }
        join.ifPresent(j -> ns.removeAll(j.namespaces()));
        return ns;
    }
}

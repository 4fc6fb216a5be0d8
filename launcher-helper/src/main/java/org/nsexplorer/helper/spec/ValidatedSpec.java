package org.nsexplorer.helper.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request the validator accepted, with every default filled in: the rootfs as a real
 * path, the command resolved to a file inside it, and the user maps to write. The
 * namespaces include the user namespace the confinement rule added, if it did.
 */
public record ValidatedSpec(
        Path rootfs,
        Set<Namespace> namespaces,
        Optional<String> hostname,
        Limits limits,
        Set<MountKind> mounts,
        RootSwitch rootSwitch,
        Optional<UserMapping> userMapping,
        long boottimeOffset,
        long monotonicOffset,
        String executable,
        List<String> argv,
        List<String> environment,
        StdioMode stdio,
        NetworkMode network,
        Optional<JoinSpec> join,
        Optional<Overlay> overlay,
        Confinement confinement,
        Optional<EnterSpec> enter) {

    public ValidatedSpec {
        namespaces = Set.copyOf(namespaces);
        mounts = Set.copyOf(mounts);
        argv = List.copyOf(argv);
        environment = List.copyOf(environment);
    }

    /** A container of its own: it enters no other's namespaces. */
    public ValidatedSpec(Path rootfs, Set<Namespace> namespaces, Optional<String> hostname, Limits limits,
            Set<MountKind> mounts, RootSwitch rootSwitch, Optional<UserMapping> userMapping, long boottimeOffset,
            long monotonicOffset, String executable, List<String> argv, List<String> environment, StdioMode stdio,
            NetworkMode network, Optional<JoinSpec> join, Optional<Overlay> overlay, Confinement confinement) {
        this(rootfs, namespaces, hostname, limits, mounts, rootSwitch, userMapping, boottimeOffset, monotonicOffset,
                executable, argv, environment, stdio, network, join, overlay, confinement, Optional.empty());
    }

    public boolean has(Namespace ns) {
        return namespaces.contains(ns);
    }

    /** Whether the container enters NS of another container rather than having its own or the host's. */
    public boolean joins(Namespace ns) {
        return join.isPresent() && join.get().namespaces().contains(ns);
    }

    /**
     * The overlay's read-only layers, top first, each a real directory; the rootfs is the
     * base below them. keepAs names the layer the upper becomes at the end, if any.
     */
    public record Overlay(List<Path> layers, Optional<String> keepAs) {
        public Overlay {
            layers = List.copyOf(layers);
        }
    }

    /** Container root (uid and gid 0) is hostUid/hostGid on the host; one id each. */
    public record UserMapping(int hostUid, int hostGid) {
        public String uidMapLine() {
            return "0 " + Integer.toUnsignedString(hostUid) + " 1";
        }

        public String gidMapLine() {
            return "0 " + Integer.toUnsignedString(hostGid) + " 1";
        }
    }
}

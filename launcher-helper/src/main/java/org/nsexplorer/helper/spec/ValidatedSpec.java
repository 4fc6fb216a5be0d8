package org.nsexplorer.helper.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request the validator accepted, with every default filled in: the rootfs as a real
 * path, the command resolved to a file inside it, and the user maps to write.
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
        StdioMode stdio) {

    public ValidatedSpec {
        namespaces = Set.copyOf(namespaces);
        mounts = Set.copyOf(mounts);
        argv = List.copyOf(argv);
        environment = List.copyOf(environment);
    }

    public boolean has(Namespace ns) {
        return namespaces.contains(ns);
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

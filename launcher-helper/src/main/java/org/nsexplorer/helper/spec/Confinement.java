package org.nsexplorer.helper.spec;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What root in a container can do to the host, and the rules that decided it.
 *
 * CONTAINED: root inside is the host's root, but in namespaces and a rootfs of its own and
 * with the capabilities trimmed: nothing of the host is within its reach. CALLER: the
 * container shares something with the host, so it runs in a user namespace where root is the
 * caller's own account outside. HOST_ROOT: asked for explicitly (--host-root) by root or an
 * administrator: root inside keeps the host root's powers, as `sudo unshare` gives them.
 */
public record Confinement(Level level, Set<Reason> reasons) {

    public Confinement {
        reasons = java.util.Collections.unmodifiableSet(reasons.isEmpty() ? EnumSet.noneOf(Reason.class)
                : EnumSet.copyOf(reasons));
    }

    public enum Level {
        CONTAINED, CALLER, HOST_ROOT;

        /** The name on the wire: contained, caller, host-root. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Why a container runs in a user namespace mapped to its caller. */
    public enum Reason {
        USER_NAMESPACE_ASKED("the recipe asks for the user namespace"),
        CHROOT("chroot mode: the host's root directory stays reachable"),
        HOST_MOUNTS("no mnt namespace: it shares the host's mounts"),
        HOST_PROCESSES("no pid namespace: it sees and could signal the host's processes"),
        HOST_NETWORK("no net namespace: it shares the host's network"),
        HOST_IPC("no ipc namespace: it shares the host's SysV IPC objects"),
        ROOTFS_OUTSIDE_STORE("its rootfs is a directory of yours, outside the helper's store");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        /** The name on the wire: user-namespace-asked, chroot, host-mounts, ... */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String words() {
            return words;
        }
    }

    public static Confinement contained() {
        return new Confinement(Level.CONTAINED, Set.of());
    }

    /** One line for the command line: what root inside is, and why. */
    public String describe(Caller caller, java.util.Optional<ValidatedSpec.UserMapping> mapping) {
        return switch (level) {
            case CONTAINED -> "contained: root in the container holds nothing of the host";
            case HOST_ROOT -> "ROOT ON THE HOST: root in the container keeps the host root's powers (--host-root)";
            case CALLER -> "root in the container is " + mapping.map(m -> m.hostUid() == caller.uid() ? caller.toString()
                    : "uid " + Integer.toUnsignedString(m.hostUid())).orElse(caller.toString())
                    + " on the host (a user namespace), because " + reasons.stream().map(Reason::words)
                    .collect(Collectors.joining("; "));
        };
    }
}

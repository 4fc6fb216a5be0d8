package org.nsexplorer.helper.engine;

import java.util.Set;
import org.nsexplorer.helper.spec.Confinement;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.ValidatedSpec;

/**
 * The capabilities a teaching container keeps: the usual container set, and CAP_NET_ADMIN
 * with a private net (for `ip link set lo up`). CAP_SYS_ADMIN (mount, hostname) and
 * CAP_MKNOD only come with a user namespace, where they act on the container's own
 * namespaces: without one they are the host's, and root could remount /proc/sys or make a
 * node for the host's disk. The stage refuses them too, unless the container runs as the
 * host's root on purpose (--host-root), as `sudo unshare` would.
 */
final class CapabilityPolicy {
    static final int CHOWN = 0;
    static final int DAC_OVERRIDE = 1;
    static final int FOWNER = 3;
    static final int FSETID = 4;
    static final int KILL = 5;
    static final int SETGID = 6;
    static final int SETUID = 7;
    static final int SETPCAP = 8;
    static final int NET_BIND_SERVICE = 10;
    static final int NET_ADMIN = 12;
    static final int NET_RAW = 13;
    static final int SYS_CHROOT = 18;
    static final int SYS_ADMIN = 21;
    static final int MKNOD = 27;
    static final int AUDIT_WRITE = 29;
    static final int SETFCAP = 31;

    private CapabilityPolicy() {
    }

    /**
     * What SPEC's container keeps: with --host-root, also CAP_SYS_ADMIN, CAP_MKNOD and CAP_NET_ADMIN.
     * A shell in another's container keeps the usual set, with CAP_SYS_ADMIN and CAP_MKNOD only
     * in a user namespace.
     */
    static long keptFor(ValidatedSpec spec) {
        if (spec.enter().isPresent()) { // docker exec's set: never the host root's powers, even for root
            return keptFor(spec.enter().get().hostUserNamespace() ? Set.of() : Set.of(Namespace.USER),
                    NetworkMode.JOINED);
        }
        long mask = keptFor(spec.namespaces(), spec.network());
        if (spec.confinement().level() == Confinement.Level.HOST_ROOT) {
            mask |= 1L << SYS_ADMIN | 1L << MKNOD | 1L << NET_ADMIN;
        }
        return mask;
    }

    /**
     * CAP_NET_ADMIN only in a net namespace of the container's own: one joined from another
     * container (JOINED) is shared, and its owner alone administers it.
     */
    private static long keptFor(Set<Namespace> namespaces, NetworkMode network) {
        long mask = 0;
        for (int cap : new int[] {CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
                NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, AUDIT_WRITE, SETFCAP}) {
            mask |= 1L << cap;
        }
        if (namespaces.contains(Namespace.USER)) {
            mask |= 1L << SYS_ADMIN | 1L << MKNOD;
        }
        if (namespaces.contains(Namespace.NET) && network != NetworkMode.JOINED) {
            mask |= 1L << NET_ADMIN;
        }
        return mask;
    }
}

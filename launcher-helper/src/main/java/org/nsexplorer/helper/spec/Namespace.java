package org.nsexplorer.helper.spec;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The eight Linux namespace types, by the names /proc/PID/ns uses: the broker's one list of
 * them. The order is the one every snapshot lists them in.
 */
public enum Namespace {
    MNT(false), UTS(true), IPC(true), NET(true), PID(true), USER(false), CGROUP(false), TIME(false);

    /** The classic `unshare -m -u -i -n -p -f` set: what a launch gets when it names none. */
    public static final Set<Namespace> CLASSIC = Set.copyOf(EnumSet.of(MNT, UTS, IPC, NET, PID));
    /** The /proc names of all eight, in order. */
    public static final List<String> PROC_NAMES = Arrays.stream(values()).map(Namespace::procName).toList();

    private final boolean joinable;

    Namespace(boolean joinable) {
        this.joinable = joinable;
    }

    /** The name in /proc/PID/ns and on the command line: "mnt", "uts", ... */
    public String procName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a new container may enter a running one's namespace of this type: mnt would
     * bring the other's root with it, user its ids, cgroup and time are not worth the risk.
     */
    public boolean isJoinable() {
        return joinable;
    }

    /** "mnt, uts, …": the names a refusal offers. */
    public static String choices() {
        return String.join(", ", PROC_NAMES);
    }

    public static Set<Namespace> joinable() {
        return Arrays.stream(values()).filter(Namespace::isJoinable)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Namespace.class)));
    }

    public static Namespace fromProcName(String name) {
        for (Namespace ns : values()) {
            if (ns.procName().equals(name)) {
                return ns;
            }
        }
        throw new IllegalArgumentException(name);
    }
}

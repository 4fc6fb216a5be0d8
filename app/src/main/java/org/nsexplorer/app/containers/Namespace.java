package org.nsexplorer.app.containers;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The eight namespace types, in the order of /proc/PID/ns: the app's one list of them. The
 * helper's JSON names them by procName ("mnt"); the window by label ("MNT"), a kernel word
 * that stays untranslated.
 */
public enum Namespace {
    MNT, UTS, IPC, NET, PID, USER, CGROUP, TIME;

    /** The classic container's own: what Launch makes by default. */
    public static final Set<Namespace> CLASSIC = Collections.unmodifiableSet(EnumSet.of(MNT, UTS, IPC, NET, PID));

    /** "mnt": the file in /proc/PID/ns, and the word the helper's JSON uses. */
    public String procName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "MNT", as the recipe's switches and the namespace map name it. */
    public String label() {
        return name();
    }

    /** The type NAME ("net") names; empty for a word this app does not know. */
    public static Optional<Namespace> fromProcName(String name) {
        for (Namespace n : values()) {
            if (n.procName().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a container may enter another running container's namespace of this type (a
     * pod): the helper refuses the others (mnt, user, cgroup and time stay the container's own).
     */
    public boolean isJoinable() {
        return this == NET || this == IPC || this == UTS || this == PID;
    }

    /** The joinable types, in /proc order. */
    public static Set<Namespace> joinable() {
        EnumSet<Namespace> joinable = EnumSet.noneOf(Namespace.class);
        for (Namespace n : values()) {
            if (n.isJoinable()) {
                joinable.add(n);
            }
        }
        return Collections.unmodifiableSet(joinable);
    }
}

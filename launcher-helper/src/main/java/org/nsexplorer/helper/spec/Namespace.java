package org.nsexplorer.helper.spec;

import java.util.Locale;

/** The eight Linux namespace types, by the names /proc/PID/ns uses. */
public enum Namespace {
    MNT, UTS, IPC, NET, PID, USER, CGROUP, TIME;

    /** The name in /proc/PID/ns and on the command line: "mnt", "uts", ... */
    public String procName() {
        return name().toLowerCase(Locale.ROOT);
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

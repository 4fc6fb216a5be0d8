package org.nsexplorer.helper.spec;

import java.util.Arrays;
import java.util.Locale;

/** File systems the stage can mount inside the rootfs, each at /NAME. */
public enum MountKind {
    PROC, SYS, TMP, DEV;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The directory under the rootfs that this mount covers. */
    public String mountPoint() {
        return cliName();
    }

    /** "proc, sys, tmp, dev": the names a refusal offers. */
    public static String choices() {
        return String.join(", ", Arrays.stream(values()).map(MountKind::cliName).toList());
    }

    public static MountKind fromCliName(String name) {
        for (MountKind kind : values()) {
            if (kind.cliName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(name);
    }
}

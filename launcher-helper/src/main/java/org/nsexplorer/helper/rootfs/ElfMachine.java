package org.nsexplorer.helper.rootfs;

import java.util.Optional;

/** The CPU types whose programs the default rootfs can be assembled from. */
public enum ElfMachine {
    X86_64(62, "x86_64-linux-gnu"),
    AARCH64(183, "aarch64-linux-gnu");

    private final int code;
    private final String multiarchTriplet;

    ElfMachine(int code, String multiarchTriplet) {
        this.code = code;
        this.multiarchTriplet = multiarchTriplet;
    }

    /** Debian's multiarch directory name, e.g. the "x86_64-linux-gnu" in /usr/lib/x86_64-linux-gnu. */
    public String multiarchTriplet() {
        return multiarchTriplet;
    }

    static Optional<ElfMachine> fromCode(int eMachine) {
        for (ElfMachine m : values()) {
            if (m.code == eMachine) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

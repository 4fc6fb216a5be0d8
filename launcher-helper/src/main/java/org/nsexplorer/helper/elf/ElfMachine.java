package org.nsexplorer.helper.elf;

import java.util.Optional;

/**
 * CPU types by their ELF e_machine code: the project's one table of them. The names are
 * those a class reads in messages; a multiarch triplet marks the ones whose programs the
 * default rootfs can be assembled from.
 */
public enum ElfMachine {
    I386(3, "i386", null),
    MIPS(8, "mips", null),
    PPC(20, "ppc", null),
    PPC64(21, "ppc64", null),
    S390X(22, "s390x", null),
    ARM(40, "arm", null),
    X86_64(62, "x86-64", "x86_64-linux-gnu"),
    AARCH64(183, "aarch64", "aarch64-linux-gnu"),
    RISCV64(243, "riscv64", null);

    private final int code;
    private final String displayName;
    private final String multiarchTriplet;

    ElfMachine(int code, String displayName, String multiarchTriplet) {
        this.code = code;
        this.displayName = displayName;
        this.multiarchTriplet = multiarchTriplet;
    }

    public int code() {
        return code;
    }

    /** Whether the default rootfs can be assembled from this CPU's programs (Debian multiarch paths known). */
    public boolean assemblable() {
        return multiarchTriplet != null;
    }

    /** Debian's multiarch directory name, e.g. the "x86_64-linux-gnu" in /usr/lib/x86_64-linux-gnu. */
    public String multiarchTriplet() {
        if (multiarchTriplet == null) {
            throw new IllegalStateException(this + " has no multiarch triplet here");
        }
        return multiarchTriplet;
    }

    public static Optional<ElfMachine> fromCode(int eMachine) {
        for (ElfMachine m : values()) {
            if (m.code == eMachine) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** "x86-64", or "ELF machine N" for a code not listed here. */
    public static String nameOf(int eMachine) {
        return fromCode(eMachine).map(m -> m.displayName).orElse("ELF machine " + eMachine);
    }

    /** The CPU whose programs this JVM's host runs. */
    public static Optional<ElfMachine> host() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            case "riscv64" -> Optional.of(RISCV64);
            case "s390x" -> Optional.of(S390X);
            case "ppc64le" -> Optional.of(PPC64);
            default -> Optional.empty();
        };
    }
}

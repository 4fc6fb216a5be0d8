package org.nsexplorer.helper.spec;

import java.util.OptionalLong;
import java.util.Set;

/**
 * The limits every container gets where the recipe names none, as Docker's daemon can be
 * told to give them: a fork bomb stops at 1024 processes, a memory hog at a quarter of the
 * host's RAM (so three of them still leave the host room to work).
 */
public final class DefaultLimits {
    public static final long PIDS = 1024;
    private static final long MIB = 1L << 20;

    private DefaultLimits() {
    }

    /**
     * ASKED with each limit it leaves out filled in, where the host's cgroup controllers can
     * apply it (LIMITABLE: memory, pids): a default never makes a launch fail. cpus stays as
     * asked: a CPU is shared, not used up.
     */
    public static Limits fill(Limits asked, HostFacts host, Set<String> limitable) {
        OptionalLong memory = asked.memoryBytes();
        if (memory.isEmpty() && limitable.contains("memory") && host.memoryBytes() != Long.MAX_VALUE) {
            memory = OptionalLong.of(memoryFor(host));
        }
        OptionalLong pids = asked.pids();
        if (pids.isEmpty() && limitable.contains("pids")) {
            pids = OptionalLong.of(PIDS);
        }
        return new Limits(memory, asked.cpus(), pids);
    }

    /** A quarter of the host's RAM, in whole MiB (as the window and the commands show it). */
    static long memoryFor(HostFacts host) {
        return Math.max(MIB, host.memoryBytes() / 4 / MIB * MIB);
    }
}

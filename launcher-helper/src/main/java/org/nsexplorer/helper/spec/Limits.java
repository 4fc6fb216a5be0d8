package org.nsexplorer.helper.spec;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** cgroup limits; empty means unlimited. cpus is a share of one CPU (0.5 = half). */
public record Limits(OptionalLong memoryBytes, OptionalDouble cpus, OptionalLong pids) {
    public static final Limits NONE = new Limits(OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.empty());
    /** The kernel's PID_MAX_LIMIT: no host has more PIDs, so no pids limit or PID above it means anything. */
    public static final long MAX_PIDS = 4L * 1024 * 1024;
    /** /tmp's size when memory is unlimited, and its most in any case. */
    static final long TMP_MAX_BYTES = 256L << 20;

    public boolean any() {
        return memoryBytes.isPresent() || cpus.isPresent() || pids.isPresent();
    }

    /**
     * The size of the container's /tmp (a tmpfs): half the memory limit, 256 MiB at most.
     * Its files are RAM charged to the container's memory cgroup, so /tmp can never hold
     * more than the limit; half leaves the other half to the programs, and a full /tmp then
     * says "No space left on device" instead of waking the OOM killer. 256 MiB is more than
     * a lesson writes there, and keeps a class's containers from pinning the host's RAM in
     * files (without swap, a tmpfs page cannot be reclaimed).
     */
    public long tmpBytes() {
        long half = memoryBytes.isPresent() ? memoryBytes.getAsLong() / 2 : TMP_MAX_BYTES;
        return Math.max(4096, Math.min(TMP_MAX_BYTES, half) / 4096 * 4096);
    }
}

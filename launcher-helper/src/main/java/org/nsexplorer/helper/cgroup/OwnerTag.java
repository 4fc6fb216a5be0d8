package org.nsexplorer.helper.cgroup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nsexplorer.helper.snapshot.ProcStat;

/**
 * Names the helper that owns a cgroup: its PID and its start time in clock ticks, so a
 * later helper can tell a live owner from a dead one even after PID reuse.
 * Cgroup names are nsx-PID-START-SEQ.
 */
public record OwnerTag(long pid, long startTicks) {
    private static final Pattern NAME = Pattern.compile("nsx-(\\d+)-(\\d+)-.+");

    public static OwnerTag current() {
        long pid = ProcessHandle.current().pid();
        return new OwnerTag(pid, ProcStat.startTicks(pid).orElseThrow());
    }

    public String cgroupName(long sequence) {
        return namePrefix() + sequence;
    }

    /** What the names of this helper's cgroups (and overlay directories) start with: nsx-PID-START- */
    public String namePrefix() {
        return "nsx-" + pid + "-" + startTicks + "-";
    }

    /** The owner named by a cgroup directory name, if it is one of ours. */
    public static Optional<OwnerTag> ofCgroupName(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OwnerTag(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isAlive() {
        return ProcStat.startTicks(pid).orElse(-1) == startTicks;
    }
}

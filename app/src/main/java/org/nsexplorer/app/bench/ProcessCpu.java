package org.nsexplorer.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of processes from /proc/PID/stat: utime + stime (every thread's) plus cutime +
 * cstime (children it reaped, such as a stage's short-lived probers), in clock ticks.
 */
public final class ProcessCpu {
    /** USER_HZ, what /proc counts in: 100 on every Linux architecture the app runs on. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** One process at one moment: its start time (to tell a reused PID) and its ticks so far. */
    public record Reading(long startTicks, long cpuTicks) {
    }

    /** Parses one /proc/PID/stat line; the command (field 2) may hold spaces and parentheses. */
    public static Reading parse(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17, starttime 22.
        long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return new Reading(Long.parseLong(f[19]), cpu);
    }

    /** The readings of PIDS now; a process that has gone is left out. */
    public static Map<Long, Reading> read(List<Long> pids) {
        Map<Long, Reading> readings = new HashMap<>();
        for (long pid : pids) {
            try {
                readings.put(pid, parse(Files.readString(Path.of("/proc/" + pid + "/stat"))));
            } catch (IOException | RuntimeException e) {
                // it ended between the listing and the read: its time is its parent's cutime now
            }
        }
        return readings;
    }

    /**
     * Ticks spent between BEFORE and AFTER: a process in both, the difference; one that
     * started since (or whose PID was reused), all of it; one that ended, nothing here (a
     * parent in AFTER that reaped it counts it in its cutime).
     */
    public static long spent(Map<Long, Reading> before, Map<Long, Reading> after) {
        long ticks = 0;
        for (var e : after.entrySet()) {
            Reading then = before.get(e.getKey());
            Reading now = e.getValue();
            ticks += then != null && then.startTicks() == now.startTicks() ? now.cpuTicks() - then.cpuTicks() : now.cpuTicks();
        }
        return ticks;
    }
}

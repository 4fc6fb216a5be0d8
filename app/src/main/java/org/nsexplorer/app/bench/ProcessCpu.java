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

    /** The command name of one /proc stat line (field 2, without its parentheses). */
    public static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /**
     * The utime + stime of each thread of PID now, keyed "tid name" (a thread's name is its
     * first 15 bytes, as the kernel keeps it).
     */
    public static Map<String, Long> threads(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // utime + stime only: a thread's children are the process's
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    ticks.put(task.getFileName() + " " + name(stat), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return ticks;
    }

    /**
     * The busiest of the threads read twice (BEFORE, AFTER from threads()), as
     * "name ticks" summed by name, busiest first, at most N.
     */
    public static List<Map.Entry<String, Long>> busiest(Map<String, Long> before, Map<String, Long> after, int n) {
        Map<String, Long> byName = new HashMap<>();
        after.forEach((key, now) -> {
            long spent = now - before.getOrDefault(key, 0L);
            byName.merge(key.substring(key.indexOf(' ') + 1), spent, Long::sum);
        });
        return byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
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

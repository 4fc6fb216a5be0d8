package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What /proc/PID/stat says of a process: its name (field 2), its parent (field 4) and when it
 * started (field 22, clock ticks after boot), which with the PID names one process for good.
 * The name may hold spaces and parentheses: the other fields are counted after its last ')'.
 */
public record ProcStat(String name, long parent, long startTicks) {
    /** PID's stat; IOException when it is gone or its stat is not laid out as the kernel's. */
    public static ProcStat read(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        try {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return new ProcStat(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                    Long.parseLong(fields[1]), Long.parseLong(fields[19]));
        } catch (RuntimeException e) {
            throw new IOException("/proc/" + pid + "/stat: unexpected layout", e);
        }
    }

    /** When PID started, or empty when no such process runs. */
    public static OptionalLong startTicks(long pid) {
        try {
            return OptionalLong.of(read(pid).startTicks());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}

package org.nsexplorer.helper.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Small waits on host processes and files, bounded in time. */
public final class Procs {
    private Procs() {
    }

    /** The PID written to FILE, once it is there (within TIMEOUT). */
    public static long awaitPidFile(Path file, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (text.matches("\\d+")) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no PID in " + file + " after " + timeout);
    }

    /** Whether PID is alive (a zombie counts as dead). */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean awaitDeath(long pid, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!alive(pid)) {
                return true;
            }
            Thread.sleep(10);
        }
        return !alive(pid);
    }

    public static String nsLink(long pid, String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + type)).toString();
    }
}

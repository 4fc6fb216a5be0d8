package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The few file operations cgroups need: one write per value, kill members, remove with retry. */
public final class CgroupFiles {
    private static final String FREEZER_STATE = "freezer.state";

    private CgroupFiles() {
    }

    /**
     * One write() of VALUE, as the kernel expects for control files. CREATE changes nothing
     * on a real cgroup tree (the kernel makes its files, and refuses new ones) but lets tests
     * use a plain directory tree shaped like one.
     */
    public static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new IOException("writing '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Long> members(Path dir) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or unreadable: nothing left to kill there
        }
        return pids;
    }

    /**
     * Kills every process in DIR (cgroup.kill where the kernel has it; in a v1 freezer
     * directory: freeze, kill each member, thaw) and removes DIR.
     */
    public static void killAndRemove(Path dir) throws IOException {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                write(kill, "1");
            } catch (IOException e) {
                // fall back to killing members one by one
            }
        } else if (Files.exists(dir.resolve(FREEZER_STATE))) {
            killFrozen(dir);
        }
        for (int round = 0; round < 200; round++) {
            List<Long> pids = members(dir);
            if (pids.isEmpty()) {
                break;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            pause();
        }
        removeWithRetry(dir);
    }

    /**
     * Freezes DIR (v1 freezer), kills its members, which can fork no more, and thaws it,
     * where the killed processes die. Waits at most 2 s for the freeze: a member stuck in the
     * kernel may keep the cgroup FREEZING, and then the kill goes ahead regardless.
     */
    private static void killFrozen(Path dir) {
        if (members(dir).isEmpty()) {
            return; // stays empty (only members fork into it); a freeze costs tens of milliseconds
        }
        Path state = dir.resolve(FREEZER_STATE);
        try {
            write(state, "FROZEN");
            for (int i = 0; i < 400 && !Files.readString(state).trim().equals("FROZEN"); i++) {
                pause();
            }
            members(dir).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        } catch (IOException e) {
            // killed one by one below
        } finally {
            try {
                write(state, "THAWED");
            } catch (IOException e) {
                // the directory is gone: nothing left to thaw
            }
        }
    }

    /** rmdir says EBUSY for a moment after the last process died: retry briefly. */
    public static void removeWithRetry(Path dir) throws IOException {
        IOException last = null;
        for (int tries = 0; tries < 200; tries++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                last = e;
                pause();
            }
        }
        throw new IOException("cannot remove cgroup " + dir + ": " + last.getMessage(), last);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

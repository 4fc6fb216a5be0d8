package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The few file operations cgroups need: one write per value, kill members, remove (nested ones first) with retry. */
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
     * Kills every process in the cgroup DIR and in the cgroups nested in it (cgroup.kill
     * where the kernel has it; in a v1 freezer directory: freeze, kill each member, thaw), and
     * removes them, deepest first. Nested cgroups in ours are ours: someone with root may make
     * one inside a container's cgroup, and so may a container with its own cgroup namespace
     * and CAP_SYS_ADMIN.
     *
     * @throws IOException naming DIR, the reason, and the processes or cgroups still in it
     */
    public static void killAndRemove(Path dir) throws IOException {
        killAndRemove(dir, 200);
    }

    /** As {@link #killAndRemove(Path)}, with TRIES rounds of killing and of rmdir (5 ms apart). */
    public static void killAndRemove(Path dir, int tries) throws IOException {
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
        for (int round = 0; round < tries; round++) {
            List<Long> pids = new ArrayList<>();
            for (Path cgroup : treeDeepestFirst(dir)) {
                pids.addAll(members(cgroup));
            }
            if (pids.isEmpty()) {
                break;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            pause();
        }
        try {
            for (Path cgroup : treeDeepestFirst(dir)) {
                removeWithRetry(cgroup, tries);
            }
        } catch (IOException e) {
            throw new IOException("cannot remove cgroup " + dir + ": " + e.getMessage() + whatIsLeft(dir), e);
        }
    }

    /** DIR and the cgroups nested in it (no deeper than 16), the deepest first. */
    static List<Path> treeDeepestFirst(Path dir) {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir, 16)) {
            all.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(dirs::add);
        } catch (IOException | UncheckedIOException e) {
            // gone meanwhile: what was found is what is left
        }
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return dirs;
    }

    /** The processes in the cgroup DIR and in the cgroups nested in it. */
    public static Set<Long> membersOfTree(Path dir) {
        Set<Long> pids = new HashSet<>();
        for (Path cgroup : treeDeepestFirst(dir)) {
            pids.addAll(members(cgroup));
        }
        return pids;
    }

    /** Why a cgroup tree could not go: the processes still in it, else the cgroups still nested in it. */
    private static String whatIsLeft(Path dir) {
        List<String> processes = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        for (Path cgroup : treeDeepestFirst(dir)) {
            for (long pid : members(cgroup)) {
                processes.add("process " + pid + " (" + describe(pid) + ") in " + cgroup + " did not die when killed");
            }
            if (!cgroup.equals(dir)) {
                nested.add(cgroup + " is still nested in it");
            }
        }
        List<String> left = processes.isEmpty() ? nested : processes;
        return left.isEmpty() ? "" : ": " + String.join("; ", left.subList(0, Math.min(5, left.size())))
                + (left.size() > 5 ? "; and " + (left.size() - 5) + " more" : "");
    }

    /** "sleep, state D": a process that SIGKILL does not end is frozen or stuck in the kernel. */
    private static String describe(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return stat.substring(stat.indexOf('(') + 1, close) + ", state " + stat.charAt(close + 2);
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
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
        removeWithRetry(dir, 200);
    }

    private static void removeWithRetry(Path dir, int tries) throws IOException {
        IOException last = null;
        for (int i = 0; i < Math.max(1, tries); i++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (FileSystemException e) {
                last = new IOException(e.getReason() != null ? e.getReason() : e.getMessage(), e);
                pause();
            } catch (IOException e) {
                last = e;
                pause();
            }
        }
        throw last;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.nsexplorer.helper.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The process that asked for the helper: the helper's parent when pkexec started it (pkexec
 * becomes the helper, so its parent is the app), or the process above the sudo processes
 * when sudo did (sudo, and with use_pty a second sudo, stay between). Read from /proc.
 *
 * @param startTicks field 22 of /proc/PID/stat: with the pid, it names one process for good
 * @param uid its real uid
 */
record CallingProcess(long pid, long startTicks, int uid, String name) {
    private static final Set<Path> SUDO = Set.of(Path.of("/usr/bin/sudo"), Path.of("/bin/sudo"));
    /** sudo and its use_pty monitor, with room to spare; a longer chain is not ours. */
    private static final int MAX_SUDO_HOPS = 3;

    /** The caller of the helper whose pid is HELPER. */
    static CallingProcess of(long helper) throws IOException {
        long pid = read(helper).parent;
        for (int hops = 0; hops < MAX_SUDO_HOPS && isSudo(pid); hops++) {
            pid = read(pid).parent;
        }
        Proc caller = read(pid);
        return new CallingProcess(pid, caller.startTicks, caller.realUid, caller.name);
    }

    /** A process running sudo's program with root's effective uid: only sudo itself can be that. */
    private static boolean isSudo(long pid) throws IOException {
        Path exe;
        try {
            exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"));
        } catch (IOException e) {
            return false; // a kernel thread, or gone: not sudo
        }
        return SUDO.contains(exe) && read(pid).effectiveUid == 0;
    }

    private record Proc(long parent, long startTicks, int realUid, int effectiveUid, String name) {
    }

    private static Proc read(long pid) throws IOException {
        Path dir = Path.of("/proc/" + pid);
        String stat = Files.readString(dir.resolve("stat"));
        // The name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        int realUid = -1;
        int effectiveUid = -1;
        for (String line : Files.readAllLines(dir.resolve("status"))) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                realUid = Integer.parseUnsignedInt(ids[0]);
                effectiveUid = Integer.parseUnsignedInt(ids[1]);
            }
        }
        try {
            return new Proc(Long.parseLong(fields[1]), Long.parseLong(fields[19]), realUid, effectiveUid,
                    stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
        } catch (RuntimeException e) {
            throw new IOException("/proc/" + pid + "/stat: unexpected layout", e);
        }
    }
}

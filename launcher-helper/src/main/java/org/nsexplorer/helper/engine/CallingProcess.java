package org.nsexplorer.helper.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.nsexplorer.helper.snapshot.ProcStat;

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
        ProcStat stat = ProcStat.read(pid);
        int realUid = -1;
        int effectiveUid = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                realUid = Integer.parseUnsignedInt(ids[0]);
                effectiveUid = Integer.parseUnsignedInt(ids[1]);
            }
        }
        return new Proc(stat.parent(), stat.startTicks(), realUid, effectiveUid, stat.name());
    }
}

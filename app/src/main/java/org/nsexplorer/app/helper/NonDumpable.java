package org.nsexplorer.app.helper;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;

/**
 * Makes the app's process non-dumpable before it holds a pipe to the root helper.
 *
 * <p>A dumpable process's /proc entries belong to its user, so any other program of that user
 * could open /proc/APP/fd/N (the helper's stdin) and send requests as if it were the app, or
 * ptrace the app. prctl(PR_SET_DUMPABLE, 0) gives those entries to root and makes the kernel
 * refuse ptrace access to everyone without CAP_SYS_PTRACE (issue 9, "the app as a door").
 * The flag holds for the life of this JVM; the programs it starts get their own at exec.
 *
 * <p>The one system call goes through JNA, which the helper already uses: Java has none of
 * its own, and JNA costs a few MiB resident where jnr-posix cost 25 (docs/architecture.md).
 */
public final class NonDumpable {
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_DUMPABLE = 4;
    private static boolean done;

    private NonDumpable() {
    }

    private interface LibC extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;
    }

    /**
     * Makes this process non-dumpable, once; later calls return at once.
     *
     * @throws IOException when it cannot be done: then the helper must not be started
     */
    public static synchronized void ensure() throws IOException {
        if (done) {
            return;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
            int dumpable = libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
            if (dumpable != 0) {
                throw new IOException("prctl(PR_GET_DUMPABLE) still says " + dumpable);
            }
        } catch (LastErrorException | LinkageError e) {
            throw new IOException("could not make the app non-dumpable (" + e.getMessage() + "), so other programs"
                    + " of yours could send requests to the root helper through it: the helper was not started", e);
        }
        done = true;
    }
}

package org.nsexplorer.app.helper;

import java.io.IOException;
import org.nsexplorer.app.LinuxCalls;

/**
 * Makes the app's process non-dumpable before it holds a pipe to the root helper.
 *
 * <p>A dumpable process's /proc entries belong to its user, so any other program of that user
 * could open /proc/APP/fd/N (the helper's stdin) and send requests as if it were the app, or
 * ptrace the app. prctl(PR_SET_DUMPABLE, 0) gives those entries to root and makes the kernel
 * refuse ptrace access to everyone without CAP_SYS_PTRACE (issue 9, "the app as a door").
 * The flag holds for the life of this JVM; the programs it starts get their own at exec.
 *
 * <p>The system call goes through {@link LinuxCalls}: Java has none of its own.
 */
public final class NonDumpable {
    private static boolean done;

    private NonDumpable() {
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
            LinuxCalls.makeNonDumpable();
        } catch (IOException e) {
            throw new IOException("could not make the app non-dumpable (" + e.getMessage() + "), so other programs"
                    + " of yours could send requests to the root helper through it: the helper was not started", e);
        }
        done = true;
    }
}

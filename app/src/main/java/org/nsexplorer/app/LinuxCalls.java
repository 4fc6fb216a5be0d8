package org.nsexplorer.app;

import java.io.IOException;

/**
 * The few system calls the app makes that Java has no API for, through libnsx-app.so
 * (app/src/main/c/nsx-app.c), whose path the launcher gives as -Dnsx.native.
 */
public final class LinuxCalls {
    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    /** Why the library could not be loaded, or null once it is. */
    private static final String UNLOADED = load();

    private LinuxCalls() {
    }

    private static String load() {
        String path = System.getProperty("nsx.native");
        if (path == null || path.isEmpty()) {
            return "-Dnsx.native (the path of libnsx-app.so) is not set; the launcher sets it";
        }
        try {
            System.load(path);
            return null;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return path + ": " + e.getMessage();
        }
    }

    /** prctl(PR_SET_DUMPABLE, 0), checked with PR_GET_DUMPABLE. */
    public static void makeNonDumpable() throws IOException {
        requireLoaded();
        check(prctl(PR_SET_DUMPABLE, 0), "prctl(PR_SET_DUMPABLE)");
        int dumpable = check(prctl(PR_GET_DUMPABLE, 0), "prctl(PR_GET_DUMPABLE)");
        if (dumpable != 0) {
            throw new IOException("prctl(PR_GET_DUMPABLE) still says " + dumpable);
        }
    }

    /** Orphans of this process's descendants become its children (prctl(PR_SET_CHILD_SUBREAPER, 1)). */
    public static void becomeChildSubreaper() throws IOException {
        requireLoaded();
        check(prctl(PR_SET_CHILD_SUBREAPER, 1), "prctl(PR_SET_CHILD_SUBREAPER)");
    }

    /** Reaps child PID if it has ended; says whether it had. */
    public static boolean reapIfEnded(long pid) throws IOException {
        requireLoaded();
        return check(waitpidNoHang((int) pid), "waitpid(" + pid + ")") == pid;
    }

    private static void requireLoaded() throws IOException {
        if (UNLOADED != null) {
            throw new IOException("libnsx-app.so is not loaded (" + UNLOADED + ")");
        }
    }

    private static int check(int result, String call) throws IOException {
        if (result < 0) {
            throw new IOException(call + " failed: errno " + -result);
        }
        return result;
    }

    private static native int prctl(int option, long arg2);

    private static native int waitpidNoHang(int pid);
}

package org.nsexplorer.helper;

import jnr.ffi.LibraryLoader;

/**
 * Ties the helper's life to its caller's: when the caller dies, even by kill -9, the
 * kernel sends us SIGTERM (PR_SET_PDEATHSIG), and the shutdown hooks remove every container.
 */
public final class ParentWatch {
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int SIGTERM = 15;

    /** The libc call jnr-posix does not offer. */
    public interface LibC {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    }

    private ParentWatch() {
    }

    /** @return false when the caller is already gone (we were reparented before the call) */
    public static boolean install() {
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        libc.prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        return ProcessHandle.current().parent().map(p -> p.pid() != 1).orElse(false);
    }
}

package org.nsexplorer.helper;

/**
 * Ties the helper's life to its caller's: when the caller dies, even by kill -9, the
 * helper is reparented; this watch notices within a quarter second and exits, and the
 * shutdown hooks remove every container.
 */
public final class ParentWatch {
    private static final long PERIOD_MILLIS = 250;

    private ParentWatch() {
    }

    /** A helper started detached (its parent already init) has no caller to follow. */
    public static void install() {
        long caller = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        if (caller == 1) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
                if (now != caller) {
                    System.err.println("nsx-helper: the caller (PID " + caller + ") is gone; stopping");
                    System.exit(143);
                }
            }
        }, "nsx-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}

package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cgroups of ours that could not be removed yet: a process in one that does not die of
 * SIGKILL (frozen, or stuck in the kernel), or anything else that keeps rmdir failing. Each
 * is said once on stderr with the reason, then tried again every second while the helper
 * runs, and said again when it is gone. What is still there when the helper ends, the next
 * helper start removes (CgroupJanitor: its owner no longer runs).
 */
public final class StuckCgroups implements AutoCloseable {
    private static final long RETRY_MILLIS = 1000;
    private final Set<Path> stuck = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nsx-cgroup-retry");
        t.setDaemon(true);
        return t;
    });

    public StuckCgroups() {
        retries.scheduleWithFixedDelay(this::retry, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Kills what is in DIR and removes it; when that fails, says why and keeps trying. */
    public void remove(Path dir) {
        remove(dir, 200);
    }

    /**
     * As {@link #remove(Path)}, with TRIES rounds of killing and of rmdir, 5 ms apart: few
     * when a monitor has just spent its own patience on DIR.
     */
    public void remove(Path dir, int tries) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            CgroupFiles.killAndRemove(dir, tries);
        } catch (IOException e) {
            if (stuck.add(dir)) {
                System.err.println("nsx-helper: " + e.getMessage() + "; the helper tries again each second while"
                        + " it runs, and its next start removes it");
            }
        }
    }

    /** The cgroups waiting to be removed. */
    public List<Path> waiting() {
        return List.copyOf(stuck);
    }

    private void retry() {
        for (Path dir : List.copyOf(stuck)) {
            try {
                CgroupFiles.killAndRemove(dir, 1);
                stuck.remove(dir);
                System.err.println("nsx-helper: cgroup " + dir + " is removed");
            } catch (IOException e) {
                // still busy: said already
            }
        }
    }

    /** A last try; says what is left for the next helper start. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        retries.shutdown();
        try {
            retries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retry();
        for (Path dir : stuck) {
            System.err.println("nsx-helper: cgroup " + dir + " is still there: the next start of the helper removes"
                    + " it once it can be");
        }
    }
}

package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.store.Store;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * The built-in root filesystem that needs no download: assembled from the host's own
 * programs and the shared libraries they need, kept in the helper's state directory at
 * {@code stateDir/rootfs/default}, and rebuilt when a host file it was made from changes. It
 * also holds the project's lesson programs ({@link #LESSON_PROGRAMS}) in usr/local/bin.
 */
public final class DefaultRootfs {

    /** Bump when the layout or content changes, so existing rootfs directories are rebuilt. */
    static final int FORMAT_VERSION = 4;

    public static final List<String> REQUIRED_PROGRAMS = List.of("sh", "ls", "ps", "cat", "echo", "hostname",
            "mount", "umount", "ip", "top", "sleep", "id", "uptime", "head", "tail", "tr", "kill", "env");
    public static final List<String> OPTIONAL_PROGRAMS = List.of("bash", "grep", "sed", "mkdir", "rm", "touch",
            "ln", "cp", "mv", "chmod", "ipcs", "ipcmk", "ipcrm", "free", "df", "uname", "whoami", "nproc",
            "readlink", "stat", "wc", "dd", "yes", "true", "false", "ping", "less", "cut", "sort", "uniq", "date",
            "basename", "dirname", "find", "xargs", "lsns", "nsenter", "unshare", "findmnt", "pgrep", "pkill",
            "stty", "tty", "clear");
    public static final List<Path> HOST_SEARCH_PATH = ProgramLookup.HOST_SEARCH_PATH;
    /**
     * The project's own programs for lessons (launcher-helper/src/main/c), built static beside the
     * stage and placed in usr/local/bin. One that is missing (a build without it) is left out, and
     * the rootfs is rebuilt when it appears: a lesson program must never stop the rootfs.
     */
    public static final List<String> LESSON_PROGRAMS = List.of("chroot-escape");

    /** A FileLock belongs to the whole JVM, so threads of one process queue here first. */
    private static final Object IN_PROCESS = new Object();
    /** How long after a launch its rootfs's sources are checked: after its own start, not during it. */
    static final long CHECK_AFTER_USE_MILLIS = 1000;

    private final Path dir;
    private final Path rootfs;
    private final Path manifest;
    private final Path lockFile;
    private final RootfsPlanner planner;
    private final String header;
    /** Whether the last check found the rootfs built from the host's current files. */
    private volatile boolean checkedCurrent;
    private final AtomicBoolean checkPending = new AtomicBoolean();

    /**
     * stateDir: the helper's state directory (e.g. /var/lib/nsx-explorer); the rootfs lives at
     * stateDir/rootfs/default.
     */
    public DefaultRootfs(Path stateDir) {
        this(stateDir, REQUIRED_PROGRAMS, OPTIONAL_PROGRAMS, HOST_SEARCH_PATH,
                besideStage(LESSON_PROGRAMS, HelperPaths.stageBinary()));
    }

    /** With another program list or search path, and no lesson programs: for tests, and for a larger teaching image. */
    public DefaultRootfs(Path stateDir, List<String> required, List<String> optional, List<Path> searchPath) {
        this(stateDir, required, optional, searchPath, Map.of());
    }

    /** @param lessonPrograms name in usr/local/bin to the static host file (which may be missing) */
    public DefaultRootfs(Path stateDir, List<String> required, List<String> optional, List<Path> searchPath,
            Map<String, Path> lessonPrograms) {
        this.dir = stateDir.resolve("rootfs");
        this.rootfs = dir.resolve("default");
        this.manifest = dir.resolve("default.manifest");
        this.lockFile = dir.resolve("default.lock");
        this.planner = new RootfsPlanner(required, optional, searchPath, Path.of("/etc/ld.so.conf"), lessonPrograms);
        // The names only, not where the host files are: the installed helper and a checkout's share
        // one state directory, and would otherwise rebuild the rootfs each time the other ran.
        this.header = "nsx-default-rootfs format=" + FORMAT_VERSION + " required=" + String.join(",", required)
                + " optional=" + String.join(",", optional) + " path=" + searchPath
                + " lessons=" + String.join(",", new TreeMap<>(lessonPrograms).keySet());
    }

    /** NAMES as the build leaves them: beside the stage, in target/ or /usr/lib/nsx-explorer. */
    static Map<String, Path> besideStage(List<String> names, Path stage) {
        Map<String, Path> programs = new LinkedHashMap<>();
        for (String name : names) {
            programs.put(name, stage.toAbsolutePath().resolveSibling(name));
        }
        return programs;
    }

    /**
     * Returns the rootfs directory, building or rebuilding it first when missing or when a host
     * program/library it was built from changed. Thread-safe and safe against two processes
     * building at once.
     */
    public Path ensureBuilt() throws IOException {
        return underLocks(() -> {
            if (!Files.isDirectory(rootfs) || !SourceManifest.isCurrent(manifest, header)) {
                checkedCurrent = false; // launches wait for this build (on the locks) instead of using the old one
                build();
            }
            checkedCurrent = true;
            return rootfs;
        });
    }

    /**
     * The rootfs for a launch. The first call builds or checks it as ensureBuilt does. Later
     * calls return at once what the last check found current, and check again a moment after
     * (CHECK_AFTER_USE_MILLIS, one check at a time): reading the manifest and stat-ing the ~290
     * host files it names took 4.2 of a launch's 4.5 ms of validation. The rootfs is a copy, so
     * a host program upgraded in between reaches it at the next launch after that check.
     */
    public Path forLaunch() throws IOException {
        if (!checkedCurrent || !Files.isDirectory(rootfs)) {
            return ensureBuilt();
        }
        if (checkPending.compareAndSet(false, true)) {
            Checker.INSTANCE.schedule(this::checkAfterUse, CHECK_AFTER_USE_MILLIS, TimeUnit.MILLISECONDS);
        }
        return rootfs;
    }

    private void checkAfterUse() {
        checkPending.set(false);
        try {
            ensureBuilt();
        } catch (IOException | RuntimeException e) {
            checkedCurrent = false; // the next launch builds it itself, and says why it cannot
        }
    }

    /** One thread for every rootfs's check after use; it ends when it has had nothing to do for a while. */
    private static final class Checker {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "nsx-rootfs-check");
                thread.setDaemon(true);
                return thread;
            });
            executor.setKeepAliveTime(5, TimeUnit.SECONDS);
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }
    }

    /**
     * Deletes the rootfs directories replaced by rebuilds. They are kept until this call because
     * a running container may still use one (overlayfs forbids changing a mounted lower
     * directory): call it when no container runs, such as when the helper starts.
     */
    public void removeRetired() throws IOException {
        underLocks(() -> {
            deleteAll(".retired-*");
            return null;
        });
    }

    private interface Action<T> {
        T run() throws IOException;
    }

    private <T> T underLocks(Action<T> action) throws IOException {
        synchronized (IN_PROCESS) {
            Files.createDirectories(dir);
            Store.restrict(dir);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.lock(); // released when the channel closes, also if this process dies
                return action.run();
            }
        }
    }

    /** Called with both locks held. */
    private void build() throws IOException {
        deleteAll(".building-*"); // left by a build that crashed; nobody else can be building now
        RootfsPlan plan = planner.plan();
        SourceManifest sources = SourceManifest.capture(header, plan.watched());
        Path building = Files.createTempDirectory(dir, ".building-");
        try {
            new RootfsAssembler(building).assemble(plan);
            // No manifest while default is being replaced: a crash in between means "rebuild".
            Files.deleteIfExists(manifest);
            if (Files.exists(rootfs)) {
                Files.move(rootfs, dir.resolve(".retired-" + System.nanoTime()), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(building, rootfs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                TreeRemoval.remove(building);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        sources.write(manifest);
    }

    private void deleteAll(String glob) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                TreeRemoval.remove(p);
            }
        }
    }
}

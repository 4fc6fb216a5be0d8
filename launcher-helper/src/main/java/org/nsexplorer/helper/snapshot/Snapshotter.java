package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.engine.BusyException;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.Worded;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Builds the snapshot of what a process sees: /proc for processes, mounts, user maps and
 * cgroup; the stage's prober for what only its namespaces show (hostname, interfaces,
 * SysV IPC). Reads only; runs nothing inside the container.
 */
public final class Snapshotter {
    private static final Path PROC = Path.of("/proc");
    private final Engine engine;
    private final CgroupLayout.Mounts cgroupMounts;
    private final long helperPidNamespace;

    private final SeeingRule seeing;

    /** A snapshotter for the caller who started this helper (see {@link SeeingRule}). */
    public Snapshotter(Engine engine) throws IOException {
        this(engine, SeeingRule.forThisHelper());
    }

    public Snapshotter(Engine engine, SeeingRule seeing) throws IOException {
        this.engine = engine;
        this.seeing = seeing;
        this.cgroupMounts = CgroupLayout.mounts();
        this.helperPidNamespace = ProcEntry.namespaceInode(PROC.resolve("self/ns/pid"));
    }

    /** The host, as the helper itself sees it (never PID 1, whose links root may not read). */
    public Snapshot host() throws IOException {
        long self = ProcessHandle.current().pid();
        // Its processes are the helper's own PID namespace's: the scan starts at once, with the probe.
        return of(self, engine.stage().scanProcesses(false), engine.stage().probe(self))
                .withSystem(SystemSummary.read());
    }

    /** What PID sees; refused with a NotYoursException when the caller may not look at PID. */
    public Snapshot of(long pid) throws IOException {
        seeing.check(pid);
        if (pid < 1) {
            throw new NoSuchProcessException(pid);
        }
        // Asked for first: the forked prober works while /proc/PID is read here.
        return of(pid, null, engine.stage().probe(pid));
    }

    /** PID's view and the host's, from one scan of /proc (the app asks for this every second). */
    public HostComparison compareWithHost(long pid) throws IOException {
        seeing.check(pid);
        long self = ProcessHandle.current().pid();
        // The scan and both probes run at once: each is a forked reader the stage waits on.
        CompletableFuture<List<ProcEntry>> everyProcess = engine.stage().scanProcesses(false);
        CompletableFuture<ProbeResult> containerProbe = engine.stage().probe(pid);
        CompletableFuture<ProbeResult> hostProbe = engine.stage().probe(self);
        Snapshot container = of(pid, everyProcess, containerProbe);
        Snapshot host = of(self, everyProcess, hostProbe).withSystem(SystemSummary.read());
        return HostComparison.of(host, container);
    }

    /**
     * @param sharedScan a full scan already asked for, or null to scan the host's PID namespace
     *        when PID is in it (the prober lists any other)
     * @param probe PID's probe, already asked for
     */
    private Snapshot of(long pid, CompletableFuture<List<ProcEntry>> sharedScan, CompletableFuture<ProbeResult> probe)
            throws IOException {
        ProcEntry target = ProcEntry.read(PROC, pid).orElseThrow(() -> new NoSuchProcessException(pid));
        CompletableFuture<List<ProcEntry>> scan = sharedScan != null ? sharedScan
                : target.namespace("pid") == helperPidNamespace ? engine.stage().scanProcesses(false) : null;
        Path dir = PROC.resolve(Long.toString(pid));
        List<IdMapRange> uidMap = IdMapRange.parse(read(dir, "uid_map", pid));
        List<IdMapRange> gidMap = IdMapRange.parse(read(dir, "gid_map", pid));
        List<MountEntry> mounts = MountEntry.parse(read(dir, "mountinfo", pid));
        CgroupUsage cgroup = CgroupUsage.read(read(dir, "cgroup", pid), cgroupMounts.v1(), cgroupMounts.v2());
        ProbeResult seen = await(probe, pid);
        for (Namespace type : EnumSet.of(Namespace.UTS, Namespace.IPC, Namespace.NET, Namespace.PID)) {
            if (seen.namespaces().getOrDefault(type.procName(), -2L) != target.namespace(type.procName())) {
                // The PID was reused between reading /proc and probing: not the same process.
                throw new NoSuchProcessException(pid);
            }
        }
        List<ProcessInfo> processes = processes(visible(target, seen, scan), target, uidMap);
        return new Snapshot(pid, seen.hostname(), seen.domainname(), new LinkedHashMap<>(target.namespaces()),
                processes, mounts, seen.interfaces(), uidMap, gidMap, seen.ipc(), cgroup, null);
    }

    /**
     * The processes TARGET's PID namespace shows, in the order of their PIDs there: as the
     * prober listed them, or found in SCAN (the host's PID namespace, or a kernel that cannot
     * list one; then the scan of every other namespace is asked for now).
     */
    private List<ProcEntry> visible(ProcEntry target, ProbeResult seen, CompletableFuture<List<ProcEntry>> scan)
            throws IOException {
        if (seen.pidNamespaceProcesses() != null) {
            return ProcessTable.of(seen.pidNamespaceProcesses()).listedAt(target.level());
        }
        CompletableFuture<List<ProcEntry>> found = scan != null ? scan : engine.stage().scanProcesses(true);
        return ProcessTable.of(await(found, target.hostPid())).visibleFrom(target);
    }

    private static List<ProcessInfo> processes(List<ProcEntry> visible, ProcEntry target, List<IdMapRange> uidMap) {
        int level = target.level();
        Map<Long, ProcEntry> inside = new HashMap<>();
        visible.forEach(e -> inside.put(e.hostPid(), e));
        List<ProcessInfo> result = new ArrayList<>();
        for (ProcEntry e : visible) {
            // A parent outside the namespace shows as 0 inside, as ps does for a namespace's init.
            ProcEntry parent = inside.get(e.hostPpid());
            long nsPpid = parent == null ? 0L : parent.nsPids()[level];
            var uid = IdMapRange.inside(uidMap, e.hostUid());
            result.add(new ProcessInfo(e.hostPid(), e.hostPpid(), e.nsPids()[level], nsPpid, e.comm(), e.cmdline(),
                    uid.isPresent() ? uid.getAsLong() : null, e.hostUid(), e.state(), e.namespaces()));
        }
        return result;
    }

    private static String read(Path dir, String file, long pid) throws IOException {
        try {
            return Files.readString(dir.resolve(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(pid);
        }
    }

    private static <T> T await(CompletableFuture<T> probe, long pid) throws IOException {
        try {
            return probe.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BusyException busy) {
                throw new BusyException(busy.sentence());
            }
            if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("No such")) {
                throw new NoSuchProcessException(pid);
            }
            if (e.getCause() instanceof Worded worded) {
                throw new WordedIOException(worded.sentence(), e);
            }
            throw new IOException(e.getCause() == null ? e.toString() : e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new WordedIOException(Sentence.of(Word.SNAPSHOT_PROBE_TIMEOUT, pid), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A snapshot asked for a PID that does not exist (or ended while it was read). */
    public static final class NoSuchProcessException extends WordedIOException {
        private static final long serialVersionUID = 1L;

        public NoSuchProcessException(long pid) {
            super(Word.SNAPSHOT_NO_SUCH_PROCESS, pid);
        }
    }
}

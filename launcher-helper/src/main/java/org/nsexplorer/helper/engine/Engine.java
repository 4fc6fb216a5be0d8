package org.nsexplorer.helper.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jnr.constants.platform.Errno;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.cgroup.CgroupDriver;
import org.nsexplorer.helper.cgroup.CgroupJanitor;
import org.nsexplorer.helper.cgroup.ContainerCgroup;
import org.nsexplorer.helper.cgroup.OwnerTag;
import org.nsexplorer.helper.cgroup.StuckCgroups;
import org.nsexplorer.helper.network.NetworkPlanner;
import org.nsexplorer.helper.network.PingResult;
import org.nsexplorer.helper.overlay.LayerChanges;
import org.nsexplorer.helper.overlay.OverlayJanitor;
import org.nsexplorer.helper.overlay.OverlayWorkspace;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.stage.StageEvent;
import org.nsexplorer.helper.stage.StageRequest;
import org.nsexplorer.helper.store.Store;
import org.nsexplorer.helper.store.StoreNames;
import org.nsexplorer.helper.store.TreeInUseException;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * The broker's engine: validates a request, creates the container's cgroups, hands the
 * launch to the C stage (through {@link StageClient}), and tracks every container until
 * its end. Used by `run`, `serve` and `bench` alike.
 */
public final class Engine implements AutoCloseable {
    private static final long STOP_GRACE_MILLIS = 1000;
    /** Running containers per helper: a bound on the host's processes, cgroups and veths that a class can reach. */
    public static final int MAX_RUNNING = 64;
    private final SpecValidator validator;
    private final CgroupDriver cgroups;
    private final OwnerTag owner = OwnerTag.current();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    /** Trees being packed or removed (real paths): no container may start on them meanwhile. */
    private final Set<Path> heldTrees = new HashSet<>();
    private final NetworkPlanner networks = NetworkPlanner.forHost();
    private final Path stateDir = HelperPaths.stateDir();
    private final Store layers = Store.layers(stateDir);
    private final StageClient stage;
    private final StuckCgroups stuckCgroups = new StuckCgroups();
    private volatile boolean timingSteps;
    private final ExecutorService cleaner = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "nsx-cgroup-cleaner");
                t.setDaemon(true);
                return t;
            });

    /**
     * Starts the stage and removes what crashed helpers left behind. Call from a thread
     * that lives as long as the engine.
     */
    public Engine(SpecValidator validator, CgroupDriver cgroups, Path stageBinary, boolean inheritStdio)
            throws IOException {
        this.validator = validator.limitedBy(cgroups.limitable()); // default limits only where they apply
        this.cgroups = cgroups;
        new CgroupJanitor(cgroups.hierarchyRoots()).removeLeftovers();
        OverlayJanitor.removeLeftovers(stateDir);
        // Should we die, the stage removes this broker's overlay directories that its monitors did not.
        Path overlays = OverlayWorkspace.root(stateDir).toAbsolutePath().normalize().resolve(owner.namePrefix());
        this.stage = new StageClient(stageBinary, inheritStdio, Optional.of(overlays.toString()),
                this::onContainerEvent, () -> failAll(Word.LAUNCH_STAGE_ENDED));
    }

    /** The stage's probes: what the JVM cannot read itself. */
    public StageClient stage() {
        return stage;
    }

    public CgroupDriver cgroups() {
        return cgroups;
    }

    /**
     * Launches a container. Returns once the stage has the request; the container's
     * started() and exited() futures tell the rest. Refused requests change nothing.
     */
    public Container launch(ContainerSpec request, ContainerListener listener)
            throws InvalidRequestException, LaunchException {
        LaunchSteps steps = timingSteps ? LaunchSteps.started() : LaunchSteps.OFF;
        ValidatedSpec spec = validator.validate(request);
        steps.mark(LaunchSteps.VALIDATED);
        // Held with the trees: no container starts on a tree being packed or removed.
        synchronized (heldTrees) {
            for (Path tree : treesOf(spec)) {
                for (Path held : heldTrees) {
                    if (tree.startsWith(held) || held.startsWith(tree)) {
                        throw new InvalidRequestException("rootfs", Word.LAUNCH_TREE_HELD, tree);
                    }
                }
            }
            return launchValidated(spec, listener, steps);
        }
    }

    /**
     * Holds TREE (a stored rootfs or layer, a real path) against launches until the result is
     * closed; refuses when one of our containers uses it, or anything inside or around it.
     */
    public AutoCloseable holdTree(Path tree) throws TreeInUseException {
        synchronized (heldTrees) {
            for (Container c : containers.values()) {
                for (Path used : treesOf(c.spec())) {
                    if (used.startsWith(tree) || tree.startsWith(used)) {
                        throw new TreeInUseException(c.id());
                    }
                }
            }
            heldTrees.add(tree);
        }
        return () -> {
            synchronized (heldTrees) {
                heldTrees.remove(tree);
            }
        };
    }

    private static List<Path> treesOf(ValidatedSpec spec) {
        List<Path> trees = new ArrayList<>(spec.overlay().map(ValidatedSpec.Overlay::layers)
                .orElse(List.of()));
        trees.add(spec.rootfs());
        return trees;
    }

    /** From now on, each launch records when its steps happened (Container.steps()): for the bench. */
    public void timeLaunchSteps() {
        timingSteps = true;
    }

    private Container launchValidated(ValidatedSpec spec, ContainerListener listener, LaunchSteps steps)
            throws InvalidRequestException, LaunchException {
        // Checked under the same lock as every launch: two launches cannot both take the last place.
        if (containers.size() >= MAX_RUNNING) {
            throw new TooManyContainersException(MAX_RUNNING);
        }
        long seq = sequence.incrementAndGet();
        String name = owner.cgroupName(seq);
        List<Path> dirs = cgroups.dirsFor(name);
        ContainerCgroup cgroup;
        try {
            // Claimed first: if this JVM dies before the launch reaches the stage, the stage removes them.
            stage.sendOpening(StageRequest.claim(dirs));
        } catch (IOException e) {
            throw LaunchException.because("stage", e);
        }
        steps.mark(LaunchSteps.CLAIMED);
        try {
            cgroup = cgroups.create(name, spec.limits());
            steps.mark(LaunchSteps.CGROUPS_CREATED);
        } catch (IOException | RuntimeException e) {
            unclaim(dirs);
            throw new LaunchException("cgroup", 0, Sentence.of(Word.LAUNCH_CGROUP_FAILED, e.getMessage()));
        }
        ContainerExtras extras;
        try {
            extras = ContainerExtras.prepare(spec, name, networks, stage.pid(), stateDir);
        } catch (IOException | RuntimeException e) {
            removeCgroup(cgroup);
            unclaim(dirs);
            throw LaunchException.because(spec.overlay().isPresent() ? "overlay" : "network", e);
        }
        steps.mark(LaunchSteps.PREPARED);
        Container container = new Container("c" + seq, spec, cgroup, listener, extras, steps);
        containers.put(container.id(), container);
        listener.accepted(container);
        try {
            StageRequest request = StageRequest.launch(container.id(), spec, cgroup,
                    CapabilityPolicy.keptFor(spec), extras.network(), extras.overlay());
            steps.mark(LaunchSteps.SENDING); // before: the zygote may read it before write() returns here
            stage.send(steps.on() ? request.timingSteps() : request);
        } catch (IOException | RuntimeException e) {
            containers.remove(container.id());
            removeCgroup(cgroup);
            extras.release(networks, layers, false);
            unclaim(dirs);
            throw LaunchException.because("stage", e);
        }
        return container;
    }

    /** Checks a request as launch() would, without launching (and without asking to authorize host-root). */
    public ValidatedSpec validate(ContainerSpec request) throws InvalidRequestException {
        return validator.preview(request);
    }

    public Optional<Container> find(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    public List<Container> list() {
        return List.copyOf(containers.values());
    }

    /** Keystrokes for a terminal container (ignored by others). */
    public void input(Container container, byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += 16384) {
            stage.send(StageRequest.input(container.id(), Arrays.copyOfRange(data, off, Math.min(data.length, off + 16384))));
        }
    }

    public void resize(Container container, int rows, int cols) throws IOException {
        stage.send(StageRequest.resize(container.id(), rows, cols));
    }

    /** Sends SIGNAL to the container's first process (through the stage, which checks it is one). */
    public void signal(Container container, int signal) {
        if (container.state() == ContainerState.STARTING) {
            container.deferSignal(signal);
        }
        if (container.hostPid().isEmpty() || container.state() != ContainerState.RUNNING) {
            return;
        }
        try {
            stage.sendToCurrent(StageRequest.signal(container.id(), container.hostPid().getAsLong(), signal));
        } catch (IOException e) {
            System.err.println("nsx-helper: " + e.getMessage());
        }
    }

    /**
     * Sends SIGNAL to one process of CONTAINER, named by its host PID. The stage checks that it
     * is one of the container's own processes (in its cgroup) and signals it through a pidfd,
     * so a PID reused meanwhile is never hit. Fails with an InvalidRequestException naming
     * "container" or "pid" when refused, a BusyException when the stage runs as many probes as
     * it may.
     */
    public CompletableFuture<SignalledProcess> signalProcess(Container container, long hostPid, int signal) {
        if (container.state() != ContainerState.RUNNING || container.hostPid().isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidRequestException("container",
                    container.state() == ContainerState.STARTING ? Word.CONTAINER_NOT_STARTED_YET : Word.CONTAINER_ENDED,
                    container.id()));
        }
        int level = pidNamespaceLevel(container.hostPid().getAsLong());
        CompletableFuture<SignalledProcess.Answer> answer = stage.collect(id -> StageRequest.signalProcess(id,
                container.id(), hostPid, signal), new SignalledProcess.Answer());
        return answer.thenCompose(a -> a.signalled(level).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(refusal(a.refusal(), container, hostPid))));
    }

    /**
     * How deep PID's PID namespace is (0: the host's), from the NSpid line of its status: a
     * process of the container is "PID N inside" as the container's first process sees it.
     * Unreadable: as deep as can be, so that the innermost PID is shown.
     */
    private static int pidNamespaceLevel(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    return line.substring(6).trim().split("\\s+").length - 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: the stage will say so
        }
        return Integer.MAX_VALUE;
    }

    private static InvalidRequestException refusal(SignalledProcess.Refusal refusal, Container container,
            long hostPid) {
        return switch (refusal) {
            case NO_CONTAINER -> new InvalidRequestException("container", Word.CONTAINER_ENDED, container.id());
            case NO_PROCESS -> new InvalidRequestException("pid", Word.CONTAINER_SIGNAL_NO_PROCESS, hostPid);
            case NOT_MEMBER -> new InvalidRequestException("pid", Word.CONTAINER_SIGNAL_NOT_MEMBER, hostPid,
                    container.id());
        };
    }

    /**
     * Asks the container to end (SIGTERM), and kills it after a short grace. A PID 1
     * without a SIGTERM handler ignores SIGTERM, hence the SIGKILL.
     */
    public void stop(Container container) {
        signal(container, 15);
        try {
            container.exited().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            signal(container, 9);
        }
    }

    /**
     * COUNT echo requests to ADDRESS, from the net namespace of FROM's first process, or from
     * the host's. The caller checks that ADDRESS belongs to a container or its host side.
     */
    public CompletableFuture<PingResult> ping(Optional<Container> from, String address, int count) {
        long pid = from.map(c -> c.hostPid().orElse(-1)).orElse(0L);
        if (pid < 0) {
            return CompletableFuture.failedFuture(new WordedIOException(Word.CONTAINER_NOT_RUNNING));
        }
        return stage.ping(pid, address, count);
    }

    /** Brings lo up in CONTAINER's net namespace (an isolated one starts with lo down). */
    public CompletableFuture<Void> loopbackUp(Container container) {
        long pid = container.hostPid().orElse(-1);
        if (pid < 0) {
            return CompletableFuture.failedFuture(new WordedIOException(Word.CONTAINER_NOT_RUNNING));
        }
        return stage.loopbackUp(pid);
    }

    /** Keeps CONTAINER's upper as the layer NAME when it ends. */
    public void keepLayer(Container container, String name) throws InvalidRequestException {
        if (container.upperLayer().isEmpty()) {
            throw new InvalidRequestException("container", Word.LAYER_KEEP_NO_OVERLAY, container.id());
        }
        StoreNames.check("name", name);
        if (layers.find(name).isPresent()) {
            throw new InvalidRequestException("name", Word.LAYER_EXISTS, name);
        }
        for (Container other : containers.values()) {
            if (other != container && other.keepAs().equals(Optional.of(name))) {
                throw new InvalidRequestException("name", Word.LAYER_KEEP_TAKEN, other.id(), name);
            }
        }
        container.extras().keepAs(name);
    }

    /** What CONTAINER changed so far, from its upper layer (at most LIMIT entries). */
    public LayerChanges.Listing changes(Container container, int limit) throws InvalidRequestException, IOException {
        if (container.upperLayer().isEmpty() || container.state() == ContainerState.EXITED) {
            throw new InvalidRequestException("container", container.upperLayer().isPresent()
                    ? Word.LAYER_CHANGES_ENDED : Word.LAYER_CHANGES_NO_OVERLAY, container.id());
        }
        List<Path> lowers = new ArrayList<>(container.spec().overlay().orElseThrow().layers());
        lowers.add(container.spec().rootfs());
        return LayerChanges.list(container.upperLayer().get(), lowers, limit);
    }

    public Store layers() {
        return layers;
    }

    /** A container's event from the stage, on its event thread. */
    private void onContainerEvent(StageEvent event) {
        if (event instanceof StageEvent.Output o) {
            find(o.id()).ifPresent(c -> c.output(o.data()));
            return;
        }
        if (event instanceof StageEvent.Steps s) {
            find(s.id()).ifPresent(c -> c.steps().addStageMarks(s.marks()));
        } else if (event instanceof StageEvent.Started s) {
            find(s.id()).ifPresent(c -> {
                c.steps().mark(LaunchSteps.STARTED_HEARD);
                c.markStarted(s.hostPid());
                int pending = c.takePendingSignal();
                if (pending > 0) {
                    signal(c, pending);
                }
            });
        } else if (event instanceof StageEvent.Exited e) {
            Container c = containers.remove(e.id());
            if (c != null) {
                c.steps().mark(LaunchSteps.EXITED_HEARD);
                removeCgroupAfterMonitor(c.cgroup());
                c.extras().release(networks, layers, true);
                c.steps().mark(LaunchSteps.RELEASED);
                c.markExited(new ExitStatus(e.signaled(), e.code(), e.oomKills()));
            }
        } else if (event instanceof StageEvent.Failed f && (f.step().equals("signal") || f.step().equals("terminal"))) {
            // About one request, not the container: it runs on.
            System.err.println("nsx-helper: " + f.step() + " request for " + f.id() + " not done: " + f.detail());
        } else if (event instanceof StageEvent.Failed f) {
            Container c = containers.remove(f.id());
            if (c != null) {
                // After a monitor died its cgroup may still hold processes: clean up off this thread.
                cleaner.execute(() -> {
                    removeCgroup(c.cgroup());
                    c.extras().release(networks, layers, false);
                });
                c.markFailed(failure(f));
            }
        }
    }

    /**
     * "pivot_root: /srv/rootfs: Invalid argument": the kernel's words, as the equivalent
     * commands would print them; a sentence with a hint for the refusals people meet.
     */
    static LaunchException failure(StageEvent.Failed f) {
        if (f.step().equals("mount-point-is-symlink")) {
            return new LaunchException(f.step(), f.errno(), Sentence.of(Word.LAUNCH_MOUNT_POINT_IS_SYMLINK, f.detail()));
        }
        if (f.step().equals("enter-owner")) {
            return new LaunchException(f.step(), f.errno(), Sentence.of(Word.ENTER_NOT_YOURS));
        }
        String reason = f.errno() == 0 ? "" : ": " + Errno.valueOf(f.errno()).description();
        return new LaunchException(f.step(), f.errno(), f.step() + (f.detail().isEmpty() ? "" : ": " + f.detail())
                + reason);
    }

    /** @param why said of each container, as its failure: it shows no values */
    private void failAll(Word why) {
        for (Container c : List.copyOf(containers.values())) {
            if (containers.remove(c.id()) != null) {
                removeCgroup(c.cgroup());
                c.extras().release(networks, layers, false);
                c.markFailed(new LaunchException("stop", 0, Sentence.of(why)));
            }
        }
    }

    private void unclaim(List<Path> dirs) {
        try {
            stage.sendToCurrent(StageRequest.unclaim(dirs));
        } catch (IOException e) {
            // the stage is gone and has removed its claims
        }
    }

    /**
     * The monitor removes the cgroup itself; this covers a monitor that died first, and a
     * cgroup the monitor could not remove (said, and tried again until it goes).
     */
    private void removeCgroup(ContainerCgroup cgroup) {
        for (Path dir : cgroup.dirs()) {
            stuckCgroups.remove(dir);
        }
    }

    /** After a monitor's "exited": it killed and waited (about 2 s) already, so one short try, then the retries. */
    private void removeCgroupAfterMonitor(ContainerCgroup cgroup) {
        for (Path dir : cgroup.dirs()) {
            stuckCgroups.remove(dir, 10);
        }
    }

    /** Kills every container and waits until each one's cgroups are gone. */
    @Override
    public void close() {
        try {
            stage.close(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(Word.LAUNCH_HELPER_STOPPED);
        networks.close(); // the stage and its interfaces are gone: other helpers may take the subnets
        // A cleanup under way (a monitor died) finishes before the JVM ends: its processes must not outlive us.
        cleaner.shutdown();
        try {
            cleaner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stuckCgroups.close();
    }
}

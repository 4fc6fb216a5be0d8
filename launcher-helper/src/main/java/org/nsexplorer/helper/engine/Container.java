package org.nsexplorer.helper.engine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.helper.cgroup.ContainerCgroup;
import org.nsexplorer.helper.network.NetworkAttachment;
import org.nsexplorer.helper.overlay.OverlayWorkspace;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.ValidatedSpec;

/** One launched container: what was asked, where it lives, and how its life went. */
public final class Container {
    private final String id;
    private final ValidatedSpec spec;
    private final ContainerCgroup cgroup;
    private final ContainerListener listener;
    private final ContainerExtras extras;
    private final LaunchSteps steps;
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    private final CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
    private volatile ContainerState state = ContainerState.STARTING;
    private volatile long hostPid = -1;
    /** A signal asked for while STARTING, sent as soon as the process runs. */
    private volatile int pendingSignal;

    Container(String id, ValidatedSpec spec, ContainerCgroup cgroup, ContainerListener listener) {
        this(id, spec, cgroup, listener, ContainerExtras.NONE, LaunchSteps.OFF);
    }

    Container(String id, ValidatedSpec spec, ContainerCgroup cgroup, ContainerListener listener,
            ContainerExtras extras, LaunchSteps steps) {
        this.extras = extras;
        this.steps = steps;
        this.id = id;
        this.spec = spec;
        this.cgroup = cgroup;
        this.listener = listener;
    }

    /** When each step of its launch happened, if the engine timed it. */
    public LaunchSteps steps() {
        return steps;
    }

    public String id() {
        return id;
    }

    public ValidatedSpec spec() {
        return spec;
    }

    public ContainerCgroup cgroup() {
        return cgroup;
    }

    /** Its veth pair, in the veth and bridge network modes. */
    public Optional<NetworkAttachment> network() {
        return extras.network();
    }

    /** Its overlay's upper directory (its changes), with an overlay. */
    public Optional<Path> upperLayer() {
        return extras.overlay().map(OverlayWorkspace::upper);
    }

    /** The layer name its upper will be kept as when it ends, if any. */
    public Optional<String> keepAs() {
        return extras.keepAs();
    }

    ContainerExtras extras() {
        return extras;
    }

    public ContainerState state() {
        return state;
    }

    /** The first process's PID on the host, once it runs. */
    public OptionalLong hostPid() {
        return hostPid > 0 ? OptionalLong.of(hostPid) : OptionalLong.empty();
    }

    /** The first process's PID as seen inside: 1 with a PID namespace, the host PID without. */
    public OptionalLong containerPid() {
        return hostPid().isPresent() && spec.has(Namespace.PID) ? OptionalLong.of(1) : hostPid();
    }

    /** Completes with the host PID when the command runs, or exceptionally with a LaunchException. */
    public CompletableFuture<Long> started() {
        return started;
    }

    /** Completes when the command has ended and its cgroups are removed. */
    public CompletableFuture<ExitStatus> exited() {
        return exited;
    }

    void deferSignal(int signal) {
        if (signal == 9 || pendingSignal == 0) {
            pendingSignal = signal;
        }
    }

    int takePendingSignal() {
        int signal = pendingSignal;
        pendingSignal = 0;
        return signal;
    }

    void markStarted(long pid) {
        hostPid = pid;
        state = ContainerState.RUNNING;
        started.complete(pid);
        listener.started(this);
    }

    void output(byte[] data) {
        listener.output(this, data);
    }

    void markExited(ExitStatus status) {
        state = ContainerState.EXITED;
        exited.complete(status);
        listener.exited(this, status);
    }

    void markFailed(LaunchException error) {
        state = ContainerState.FAILED;
        started.completeExceptionally(error);
        exited.completeExceptionally(error);
        listener.failed(this, error);
    }
}

package org.nsexplorer.helper.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import jnr.constants.platform.Errno;
import org.nsexplorer.helper.network.PingResult;
import org.nsexplorer.helper.snapshot.ProbeCollector;
import org.nsexplorer.helper.snapshot.ProbeResult;
import org.nsexplorer.helper.snapshot.ProcEntry;
import org.nsexplorer.helper.snapshot.ProcessScan;
import org.nsexplorer.helper.stage.StageEvent;
import org.nsexplorer.helper.stage.StageProcess;
import org.nsexplorer.helper.stage.StageRequest;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * The broker's side of the C stage: starts it (and checks its protocol version), starts a
 * fresh one when it died, sends requests, and runs the probes (processes the stage forks to
 * read what the JVM cannot: another namespace's hostname, interfaces, /proc in C). Events
 * about containers go to the engine.
 */
public final class StageClient {
    /** Probes, pings and scans the stage may run at once: each is a process it forks. */
    public static final int MAX_PROBES = 16;
    /** A probe that has not ended by then is given up (a ping ends within 10 s). */
    private static final long PROBE_TIMEOUT_SECONDS = 30;
    /** How long a stage that stopped reading requests gets to end before a fresh one starts. */
    private static final long DYING_STAGE_GRACE_SECONDS = 5;

    private final Path binary;
    private final boolean inheritStdio;
    private final Optional<String> overlays;
    private final Consumer<StageEvent> containerEvents;
    private final Runnable containersLost;
    private final AtomicLong probeSequence = new AtomicLong();
    private final Map<String, PendingProbe<?>> probes = new ConcurrentHashMap<>();
    private final Semaphore probeSlots = new Semaphore(MAX_PROBES);
    private volatile StageProcess stage;
    private volatile boolean closing;

    /**
     * @param overlays        what this broker's overlay directories start with, for the stage
     *                        to remove them should the broker die
     * @param containerEvents every event that is not a probe's
     * @param containersLost  the current stage ended: no event will come for the containers listed
     */
    StageClient(Path binary, boolean inheritStdio, Optional<String> overlays, Consumer<StageEvent> containerEvents,
            Runnable containersLost) throws IOException {
        this.binary = binary;
        this.inheritStdio = inheritStdio;
        this.overlays = overlays;
        this.containerEvents = containerEvents;
        this.containersLost = containersLost;
        this.stage = start();
    }

    private StageProcess start() throws IOException {
        return StageProcess.start(binary, inheritStdio, overlays, this::onEvent, this::onEnded);
    }

    /** The anchor's PID (the stage's bridge is named after it); a fresh stage if it died. */
    public long pid() throws IOException {
        return live().pid();
    }

    /** Sends REQUEST to the stage, started again if it died. */
    void send(StageRequest request) throws IOException {
        live().send(request);
    }

    /** Sends REQUEST to the stage that runs now, if it still does (a signal for its container). */
    void sendToCurrent(StageRequest request) throws IOException {
        stage.send(request);
    }

    /**
     * Sends a request that opens a new exchange (a launch's claim, a probe). The write is
     * what tells a stage died under us: then the request goes once more, to a fresh stage.
     * Nothing of it reached the dead one, which no longer reads.
     */
    void sendOpening(StageRequest request) throws IOException {
        try {
            live().send(request);
        } catch (IOException e) {
            if (closing) {
                throw e;
            }
            live().send(request);
        }
    }

    /**
     * The stage, started again if it died under us (its monitors then killed their
     * containers; any container still listed lost its monitor too and is cleaned up by the
     * engine). A stage that refuses requests is given a moment to end, as its monitors end
     * their containers, so that their last events still arrive.
     */
    private synchronized StageProcess live() throws IOException {
        if (!stage.takesRequests() && !closing) {
            try {
                stage.awaitEnd(DYING_STAGE_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the stage ended");
            }
            System.err.println("nsx-helper: the stage ended unexpectedly; starting it again");
            abandon();
            stage = start();
        }
        return stage;
    }

    /** Its last event read: if it is still the current stage, nothing more can come for what is listed. */
    private synchronized void onEnded(StageProcess ended) {
        if (ended == stage && !closing) { // an older stage was abandoned when the current one started
            abandon();
        }
    }

    /** Fails what is listed, so nobody waits forever; the next request starts a new stage. */
    private void abandon() {
        containersLost.run();
        probes.values().forEach(p -> p.future.completeExceptionally(new WordedIOException(Word.HELPER_STAGE_ENDED)));
        probes.clear();
    }

    /**
     * What PID sees from inside its UTS, IPC and net namespaces, read by the stage (which
     * joins them; the JVM cannot). Completes exceptionally when PID is gone.
     */
    public CompletableFuture<ProbeResult> probe(long pid) {
        return collect(id -> StageRequest.probe(id, pid), new ProbeResult.Builder());
    }

    /**
     * Every process on the host as the stage reads /proc (in C: a snapshot must be cheap),
     * or only those outside the helper's own PID namespace (the containers').
     */
    public CompletableFuture<List<ProcEntry>> scanProcesses(boolean outsideOwnPidNamespace) {
        return collect(id -> StageRequest.scanProcesses(id, outsideOwnPidNamespace), new ProcessScan());
    }

    /** COUNT echo requests to ADDRESS from the net namespace of PID (0: the host's). */
    CompletableFuture<PingResult> ping(long pid, String address, int count) {
        return collect(id -> StageRequest.ping(id, pid, address, count), new PingResult.Builder(address));
    }

    /** Brings lo up in the net namespace of PID. */
    CompletableFuture<Void> loopbackUp(long pid) {
        return collect(id -> StageRequest.loopback(id, pid), new ProbeCollector<Void>() {
            @Override
            public void accept(StageEvent.ProbeLine line) {
                // the stage answers with its end line only
            }

            @Override
            public Void build() {
                return null;
            }
        });
    }

    /**
     * Asks the stage for a probe (a process it forks) and collects its lines. At most
     * MAX_PROBES run at once: beyond that the future fails at once with a BusyException.
     */
    <T> CompletableFuture<T> collect(Function<String, StageRequest> request, ProbeCollector<T> collector) {
        if (!probeSlots.tryAcquire()) {
            return CompletableFuture.failedFuture(new BusyException(Word.HELPER_BUSY_PROBES, MAX_PROBES));
        }
        String id = "p" + probeSequence.incrementAndGet();
        PendingProbe<T> pending = new PendingProbe<>(collector);
        probes.put(id, pending);
        // The slot comes back when the probe ends, fails or is given up, whichever comes first.
        pending.future.orTimeout(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((result, error) -> {
            probes.remove(id);
            probeSlots.release();
        });
        try {
            sendOpening(request.apply(id));
        } catch (IOException e) {
            pending.future.completeExceptionally(e);
        }
        return pending.future;
    }

    /** A probe's lines as they arrive, on the event thread. */
    private static final class PendingProbe<T> {
        final ProbeCollector<T> collector;
        final CompletableFuture<T> future = new CompletableFuture<>();

        PendingProbe(ProbeCollector<T> collector) {
            this.collector = collector;
        }

        void accept(StageEvent.ProbeLine line) {
            if (line.isEnd()) {
                future.complete(collector.build());
            } else {
                collector.accept(line);
            }
        }
    }

    private void onEvent(StageEvent event) {
        if (event instanceof StageEvent.ProbeLine line) {
            PendingProbe<?> pending = line.isEnd() ? probes.remove(line.id()) : probes.get(line.id());
            if (pending != null) {
                try {
                    pending.accept(line);
                } catch (RuntimeException e) {
                    probes.remove(line.id());
                    pending.future.completeExceptionally(e);
                }
            }
        } else if (event instanceof StageEvent.Failed f && probes.containsKey(f.id())) {
            probes.remove(f.id()).future.completeExceptionally(
                    new IOException("probe: " + f.detail() + ": " + Errno.valueOf(f.errno()).description()));
        } else if (!(event instanceof StageEvent.Ready)) {
            containerEvents.accept(event);
        }
    }

    /**
     * Closes the stage's requests: it exits, its monitors kill their containers and remove
     * their cgroups. Waits for that, at most TIMEOUT.
     */
    void close(long timeout, TimeUnit unit) throws InterruptedException {
        closing = true;
        stage.close(timeout, unit);
    }
}

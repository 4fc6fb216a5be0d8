package org.nsexplorer.helper.stage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * The resident C stage: spawned once, requests on its stdin, events on its stdout. With
 * inheritStdio it takes this JVM's own stdin/stdout/stderr (pidfd_getfd) for containers
 * run on the caller's terminal. Closing its stdin, or this JVM dying, makes the stage kill
 * every container and clean up.
 */
public final class StageProcess implements AutoCloseable {
    /** It says "ready" within milliseconds; a loaded machine gets time to spare. */
    private static final long READY_TIMEOUT_SECONDS = 10;
    private final Process process;
    private final OutputStream requests;
    private final Thread reader;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closed;
    /** A write failed: nothing reads requests any more (the stage's request reader died). */
    private volatile boolean refusing;
    /** The protocol version its first line names. */
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();

    private StageProcess(Process process, Consumer<StageEvent> listener, Consumer<StageProcess> onEnd) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.reader = new Thread(() -> readEvents(listener, onEnd), "nsx-stage-events");
        this.reader.setDaemon(true);
    }

    /**
     * @param inheritStdio whether containers may use this JVM's stdin/stdout/stderr (the
     *                     command line); otherwise their stdio is /dev/null
     * @param onEnd        runs once the last event has been read, whatever ended the stream
     */
    public static StageProcess start(Path binary, boolean inheritStdio, Consumer<StageEvent> listener,
            Runnable onEnd) throws IOException {
        return start(binary, inheritStdio, Optional.empty(), listener, ended -> onEnd.run());
    }

    /**
     * @param overlays what the names of this broker's overlay directories start with
     *                 (.../overlay/nsx-PID-START-): should the broker die, the stage removes
     *                 those its monitors did not, once they are all gone
     * @param onEnd    given this stage once its last event has been read
     * @throws IOException also when the stage does not say "ready" in this broker's protocol
     *                     version (a stage binary from another build)
     */
    public static StageProcess start(Path binary, boolean inheritStdio, Optional<String> overlays,
            Consumer<StageEvent> listener, Consumer<StageProcess> onEnd) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new WordedIOException(Word.HELPER_STAGE_MISSING, binary);
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (inheritStdio) {
            command.addAll(List.of("--inherit-stdio", Long.toString(ProcessHandle.current().pid())));
        }
        overlays.ifPresent(prefix -> command.addAll(List.of("--overlays", prefix)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        StageProcess stage = new StageProcess(builder.start(), listener, onEnd);
        stage.reader.start();
        stage.awaitReady(binary);
        return stage;
    }

    private void awaitReady(Path binary) throws IOException {
        int version;
        try {
            version = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while the stage started");
        } catch (ExecutionException | TimeoutException e) {
            version = -1;
        }
        if (version != StageRequest.PROTOCOL_VERSION) {
            close();
            throw new WordedIOException(Word.HELPER_STAGE_VERSION, binary, version, StageRequest.PROTOCOL_VERSION);
        }
    }

    /** The anchor's PID: the stage's bridge is named after it (nsxbr<pid>). */
    public long pid() {
        return process.pid();
    }

    public synchronized void send(StageRequest request) throws IOException {
        if (closed) {
            throw new IOException("the stage is closed");
        }
        try {
            requests.write(request.encode());
            requests.flush();
        } catch (IOException e) {
            refusing = true;
            throw new IOException("the stage stopped taking requests: " + e.getMessage(), e);
        }
    }

    private void readEvents(Consumer<StageEvent> listener, Consumer<StageProcess> onEnd) {
        try (BufferedReader events = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = events.readLine()) != null) { // null: every writer (stage and monitors) is gone
                try {
                    StageEvent event = StageEvent.parse(line);
                    if (event instanceof StageEvent.Ready r) {
                        ready.complete(r.version());
                    }
                    listener.accept(event);
                } catch (RuntimeException e) {
                    System.err.println("nsx-helper: " + e.getMessage());
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            System.err.println("nsx-helper: reading stage events: " + e);
        } finally {
            ready.complete(-1);
            ended.countDown();
            onEnd.accept(this);
        }
    }

    /** Whether the stage and all its monitors are gone (its event pipe reached EOF). */
    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /**
     * Whether requests can still reach it. A stage whose request reader died refuses them
     * at once, while its monitors may still be ending their containers (and sending events).
     */
    public boolean takesRequests() {
        return !refusing && !closed && !hasEnded();
    }

    /** Waits at most TIMEOUT for the stage and its monitors to be gone. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /**
     * Closes the request pipe: the stage exits, its monitors kill their containers and
     * remove their cgroups. Waits for that, at most TIMEOUT.
     */
    public boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (this) {
            if (!closed) {
                closed = true;
                try {
                    requests.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
        return ended.await(timeout, unit) && process.waitFor(timeout, unit);
    }

    @Override
    public void close() {
        try {
            close(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

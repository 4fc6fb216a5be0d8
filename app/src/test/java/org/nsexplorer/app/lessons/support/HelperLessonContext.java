package org.nsexplorer.app.lessons.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperConnection;
import org.nsexplorer.app.helper.HelperRequests;
import org.nsexplorer.app.lessons.LessonBackend;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.terminal.TerminalScreen;
import org.nsexplorer.app.ui.Texts;

/**
 * A lesson's hands without a window: the real helper (started as a child, the tests run as
 * root) and a ContainerSession whose UI executor is direct, so no JavaFX toolkit is needed.
 * Does what AppLessonContext does, minus the pictures: the same requests, the same terminal
 * model, the same rules for host processes. Closing it leaves nothing behind: its containers,
 * host processes, the rootfs and layers it noted as made, and its work directory all go.
 */
public final class HelperLessonContext implements LessonContext, AutoCloseable {
    /** As AppLessonContext: output counts as finished once nothing came for this long. */
    private static final long SETTLED_MILLIS = 700;
    private static final long POLL_MILLIS = 50;
    /** The size the window's terminal gives a container; TerminalScreen starts at it too. */
    private static final int ROWS = 24;
    private static final int COLS = 80;

    /**
     * Models change on the helper's reader thread (the direct UI executor) and are read on the
     * test's threads: this lock makes each change and each read whole, as the FX thread does.
     */
    private final Object ui = new Object();
    private final HelperRequests requests = new HelperRequests();
    private final ContainerSession session;
    private final HelperConnection helper;
    private final String hostnameAtStart;
    /** Futures complete here, never on the reader thread (a stage waiting there would stop every answer). */
    private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nsx-test-lesson");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ContainerModel> containers = new ConcurrentHashMap<>();
    private final Map<String, Long> typedFrom = new ConcurrentHashMap<>();
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final LessonBackend backend;

    private HelperLessonContext(boolean trusted) throws IOException {
        this.backend = new LessonBackend(requests, trusted);
        Executor direct = task -> {
            synchronized (ui) {
                task.run();
            }
        };
        this.session = new ContainerSession(direct);
        List<String> command = HelperCommand.choose(Path.of(System.getProperty("nsx.helper")),
                HelperCommand.runningAsRoot(), false).orElseThrow(() -> new IOException("no way to start the helper"));
        this.helper = HelperConnection.start(command, new HelperConnection.Listener() {
            @Override
            public void onMessage(JsonNode message) {
                requests.onMessage(message);
                session.onMessage(message);
            }

            @Override
            public void onClosed(String reason) {
                session.onClosed(reason);
            }
        });
        session.attach(helper);
        requests.attach(helper);
        this.hostnameAtStart = hostSnapshot().join().path("hostname").asText("");
    }

    /** A context for a built-in lesson (TRUSTED) or a lesson file, with a helper of its own. */
    public static HelperLessonContext start(boolean trusted) throws IOException {
        return new HelperLessonContext(trusted);
    }

    /** The same result as FUTURE, delivered on a thread of ours. */
    private <T> CompletableFuture<T> offReader(CompletableFuture<T> future) {
        return future.whenCompleteAsync((value, error) -> { }, callbacks);
    }

    @Override
    public CompletableFuture<Void> launch(String name, Recipe recipe) {
        CompletableFuture<Void> running = new CompletableFuture<>();
        synchronized (ui) {
            ContainerModel model = session.launch(recipe, name);
            containers.put(name, model);
            session.resize(model, ROWS, COLS); // sent once it runs, as the window's terminal does
            whenRunning(model, running);
        }
        return offReader(running);
    }

    /** Completes RESULT once MODEL runs, or exceptionally with its message when it fails or ends first. */
    private static void whenRunning(ContainerModel model, CompletableFuture<Void> result) {
        ChangeListener<ContainerState> watch = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends ContainerState> o, ContainerState was, ContainerState now) {
                if (now == ContainerState.RUNNING) {
                    result.complete(null);
                } else if (now == ContainerState.FAILED || now == ContainerState.EXITED) {
                    result.completeExceptionally(new IllegalStateException(Texts.get("lesson.error.containerEnded",
                            model.name(), model.messageProperty().get())));
                } else {
                    return;
                }
                model.stateProperty().removeListener(this);
            }
        };
        model.stateProperty().addListener(watch);
        watch.changed(model.stateProperty(), null, model.state());
    }

    @Override
    public CompletableFuture<Void> stop(String name) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        synchronized (ui) {
            ContainerModel model = containers.get(name);
            if (model == null || !model.state().isLive()) {
                return CompletableFuture.completedFuture(null);
            }
            model.stateProperty().addListener((o, was, now) -> {
                if (!now.isLive()) {
                    ended.complete(null);
                }
            });
            session.stop(model);
        }
        return offReader(ended);
    }

    @Override
    public Optional<ContainerModel> container(String name) {
        return Optional.ofNullable(containers.get(name));
    }

    @Override
    public CompletableFuture<Void> type(String name, String text, String until, Duration timeout) {
        ContainerModel model = containers.get(name);
        if (model == null || !model.state().isLive()) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.notRunning",
                    name)));
        }
        synchronized (ui) {
            typedFrom.put(name, model.screen().map(TerminalScreen::cursorLine).orElse(0L));
        }
        for (byte key : text.getBytes(StandardCharsets.UTF_8)) {
            session.input(model, new byte[] {key}); // a key at a time, as the window types them
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        return CompletableFuture.runAsync(() -> awaitOutput(name, model, until, deadline), callbacks);
    }

    /** Waits until the output stops changing (or shows UNTIL), the container ends, or DEADLINE passes. */
    private void awaitOutput(String name, ContainerModel model, String until, long deadline) {
        long lastVersion = -1;
        long quietSince = System.nanoTime();
        while (true) {
            long version;
            String shows;
            boolean live;
            synchronized (ui) {
                version = model.screenVersionProperty().get();
                shows = until == null ? null : screenNow(name);
                live = model.state().isLive();
            }
            long now = System.nanoTime();
            if (version != lastVersion) {
                lastVersion = version;
                quietSince = now;
            }
            if (until != null && shows.contains(until) || !live) {
                return;
            }
            if (until == null && now - quietSince >= TimeUnit.MILLISECONDS.toNanos(SETTLED_MILLIS)) {
                return;
            }
            if (now > deadline) {
                if (until != null) {
                    throw new CompletionException(new IllegalStateException(Texts.get("lesson.error.noOutput", name,
                            until, shows.strip())));
                }
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }
    }

    /** Under the lock: NAME's terminal text since the lesson last typed there. */
    private String screenNow(String name) {
        ContainerModel model = containers.get(name);
        if (model == null) {
            return "";
        }
        long from = typedFrom.getOrDefault(name, 0L);
        return model.screen().map(s -> s.textSince(from)).orElse("");
    }

    @Override
    public CompletableFuture<String> screen(String name) {
        synchronized (ui) {
            return CompletableFuture.completedFuture(screenNow(name));
        }
    }

    @Override
    public CompletableFuture<JsonNode> snapshot(String name) {
        return backend.snapshot(name, containers.get(name));
    }

    @Override
    public CompletableFuture<JsonNode> hostSnapshot() {
        return backend.hostSnapshot();
    }

    @Override
    public long callerUid() {
        return backend.callerUid();
    }

    @Override
    public String hostnameAtStart() {
        return hostnameAtStart;
    }

    @Override
    public CompletableFuture<Void> signalProcess(String name, long hostPid, int signal) {
        ContainerModel model = containers.get(name);
        if (model == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.notRunning",
                    name)));
        }
        return helper().signalProcess(model.helperIdProperty().get(), hostPid, signal).thenApply(answer -> null);
    }

    @Override
    public HelperClient helper() {
        return backend.helper();
    }

    @Override
    public void made(String rootfs) {
        backend.made(rootfs);
    }

    /** The rootfs and layers noted as made, oldest first; close() removes them. */
    public List<String> made() {
        return backend.made();
    }

    @Override
    public Path workDir() {
        return backend.workDir();
    }

    /** As the window: never as root for a lesson file; ended when the lesson ends. */
    @Override
    public CompletableFuture<Long> startOnHost(List<String> argv) {
        return backend.startOnHost(argv);
    }

    /** As the window: Docker's command as the app's user; the container ends with the lesson. */
    @Override
    public CompletableFuture<Long> dockerRun(String name, Path image, List<String> command) {
        return backend.dockerRun(name, image, command);
    }

    @Override
    public Optional<Long> dockerPid(String name) {
        return backend.dockerPid(name);
    }

    /** Noted as "NAME next to OTHER" (the window would put them side by side in its namespace map). */
    @Override
    public CompletableFuture<Void> showNextTo(String name, String other) {
        shown.add(name + " next to " + other);
        return CompletableFuture.completedFuture(null);
    }

    /** Noted as "rootfs NAME" (the window would choose it in the Root filesystems view). */
    @Override
    public void showRootfs(String name) {
        shown.add("rootfs " + name);
    }

    /** Noted as "NAME TAB" (the window would bring them up). */
    @Override
    public void show(String name, String tab) {
        shown.add(name + " " + tab);
    }

    /** What the lesson asked the window to bring up, in order. */
    public List<String> shown() {
        return new ArrayList<>(shown);
    }

    /**
     * Ends the lesson's host processes and containers, removes what it noted as made (newest
     * first: a layer may sit on a rootfs) and its work directory, then ends the helper.
     */
    @Override
    public void close() {
        try {
            CompletableFuture.allOf(containers.keySet().stream().map(this::stop).toArray(CompletableFuture[]::new))
                    .get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("HelperLessonContext: containers still running at close: " + e);
        }
        List<String> newestFirst = made();
        Collections.reverse(newestFirst);
        for (String name : newestFirst.stream().distinct().toList()) {
            remove(name);
        }
        backend.close(); // the host processes and the work directory
        helper.close();
        callbacks.shutdownNow();
    }

    /**
     * Removes the stored rootfs and the layer NAME, whichever are there (the helper removes a
     * rootfs of that name first, so it is asked until neither is left).
     */
    public void remove(String name) {
        try {
            for (int i = 0; i < 2 && stored(name); i++) {
                OtherHelpers.waitOut(() -> helper().rootfsRemove(name).get(60, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            System.err.println("HelperLessonContext: " + name + " not removed: " + e);
        }
    }

    private boolean stored(String name) throws Exception {
        JsonNode list = helper().rootfsList().get(30, TimeUnit.SECONDS);
        for (String kind : new String[] {"rootfs", "layers"}) {
            for (JsonNode item : list.path(kind)) {
                if (item.path("name").asText().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}

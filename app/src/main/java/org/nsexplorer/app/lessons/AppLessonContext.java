package org.nsexplorer.app.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.ui.MainView;
import org.nsexplorer.app.ui.Texts;

/**
 * A lesson's hands in the window: launches through the session (the class sees the chips
 * and the views change), types into the terminal a key at a time, and asks the helper for
 * live state. Everything it made ends with the lesson (close()).
 */
public final class AppLessonContext implements LessonContext, AutoCloseable {
    /** A key every 35 ms: fast enough not to bore, slow enough to be read as typing. */
    private static final long KEY_MILLIS = 35;
    /** Output is taken as finished once nothing came for this long. */
    private static final long SETTLED_MILLIS = 700;
    private final MainView view;
    private final LessonBackend backend;
    private final CompletableFuture<String> hostnameAtStart;
    /** How long showNextTo waits for the window to list the other container (found every 5 s). */
    private static final Duration NEXT_TO_WAIT = Duration.ofSeconds(20);
    /** How long a new lesson waits for the containers of the one before it to end (Stop's SIGKILL comes after 1 s). */
    private static final Duration ENDED_WAIT = Duration.ofSeconds(15);
    private final Map<String, ContainerModel> containers = new ConcurrentHashMap<>();
    private final Map<String, Long> typedFrom = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keys = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nsx-lesson-keys");
        t.setDaemon(true);
        return t;
    });
    /** The lesson before this one, ended: completes when its containers have (at most ENDED_WAIT). */
    private final CompletableFuture<Void> before;
    private CompletableFuture<Void> ending;

    public AppLessonContext(MainView view, HelperClient.Channel helper, boolean trusted) {
        this(view, helper, trusted, CompletableFuture.completedFuture(null));
    }

    /** @param before completes when what the lesson before this one started has ended */
    public AppLessonContext(MainView view, HelperClient.Channel helper, boolean trusted, CompletableFuture<Void> before) {
        this.before = before.handle((done, error) -> (Void) null).completeOnTimeout(null, ENDED_WAIT.toSeconds(),
                TimeUnit.SECONDS);
        this.view = view;
        this.backend = new LessonBackend(helper, trusted);
        // Read as the lesson begins, before any step could rename anything.
        this.hostnameAtStart = backend.hostSnapshot().thenApply(host -> host.path("hostname").asText(""));
    }

    @Override
    public CompletableFuture<Void> ready() {
        return before;
    }

    /** A step done twice replaces its container: the first one is stopped, never left running unnamed. */
    @Override
    public CompletableFuture<Void> launch(String name, Recipe recipe) {
        CompletableFuture<Void> running = new CompletableFuture<>();
        stop(name).whenComplete((stopped, error) -> Platform.runLater(() -> {
            ContainerModel model = view.launch(recipe, name);
            containers.put(name, model);
            whenState(model, running, ContainerState.RUNNING);
        }));
        return running;
    }

    /** Completes RESULT once MODEL reaches TARGET, or exceptionally with its message when it fails or ends first. */
    private static void whenState(ContainerModel model, CompletableFuture<Void> result, ContainerState target) {
        ChangeListener<ContainerState> watch = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends ContainerState> o, ContainerState was,
                    ContainerState now) {
                if (now == target) {
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
        Platform.runLater(() -> {
            ContainerModel model = containers.get(name);
            if (model == null || !model.state().isLive()) {
                ended.complete(null);
                return;
            }
            model.stateProperty().addListener((o, was, now) -> {
                if (!now.isLive()) {
                    ended.complete(null);
                }
            });
            view.stop(model);
        });
        return ended;
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
        CompletableFuture<Void> typed = new CompletableFuture<>();
        Platform.runLater(() -> {
            typedFrom.put(name, model.screen().map(s -> s.cursorLine()).orElse(0L));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                byte[] key = {bytes[i]};
                keys.schedule(() -> Platform.runLater(() -> view.input(model, key)), i * KEY_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            keys.schedule(() -> typed.complete(null), bytes.length * KEY_MILLIS, TimeUnit.MILLISECONDS);
        });
        return typed.thenCompose(done -> settled(name, model, until, System.nanoTime() + timeout.toNanos(), -1, 0));
    }

    /** Polls the screen until its output stops changing (or shows UNTIL), or DEADLINE passes. */
    private CompletableFuture<Void> settled(String name, ContainerModel model, String until, long deadline,
            long lastVersion, long quietSince) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        keys.schedule(() -> Platform.runLater(() -> {
            long version = model.screenVersionProperty().get();
            long now = System.nanoTime();
            boolean shows = until != null && screenNow(name).contains(until);
            boolean quiet = version == lastVersion && now - quietSince >= SETTLED_MILLIS * 1_000_000;
            if (shows || until == null && quiet || !model.state().isLive()) {
                next.complete(null);
            } else if (now > deadline) {
                if (until != null) {
                    next.completeExceptionally(new IllegalStateException(Texts.get("lesson.error.noOutput", name,
                            until, lastLines(screenNow(name)))));
                } else {
                    next.complete(null);
                }
            } else {
                settled(name, model, until, deadline, version, version == lastVersion ? quietSince : now)
                        .whenComplete((v, e) -> {
                            if (e != null) {
                                next.completeExceptionally(e);
                            } else {
                                next.complete(null);
                            }
                        });
            }
        }), 100, TimeUnit.MILLISECONDS);
        return next;
    }

    /** The last three lines of TEXT that hold something, joined with " ⏎ ": what a failed wait saw last. */
    private static String lastLines(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "-" : String.join(" ⏎ ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** On the FX thread: what NAME's terminal shows since the last command the lesson typed there. */
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
        CompletableFuture<String> text = new CompletableFuture<>();
        Platform.runLater(() -> text.complete(screenNow(name)));
        return text;
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

    /** Waits for the answer asked for at the start (called from a check, never on the FX thread). */
    @Override
    public String hostnameAtStart() {
        return hostnameAtStart.exceptionally(error -> "").join();
    }

    @Override
    public CompletableFuture<Void> signalProcess(String name, long hostPid, int signal) {
        ContainerModel model = containers.get(name);
        if (model == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.notRunning",
                    name)));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Platform.runLater(() -> view.signalProcess(model, hostPid, signal).whenComplete((done, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(null);
            }
        }));
        return sent;
    }

    @Override
    public HelperClient helper() {
        return backend.helper();
    }

    @Override
    public void made(String rootfs) {
        backend.made(rootfs);
    }

    @Override
    public Path workDir() {
        return backend.workDir();
    }

    @Override
    public CompletableFuture<Long> startOnHost(List<String> argv) {
        return backend.startOnHost(argv);
    }

    @Override
    public CompletableFuture<Long> dockerRun(String name, Path image, List<String> command) {
        return backend.dockerRun(name, image, command);
    }

    @Override
    public Optional<Long> dockerPid(String name) {
        return backend.dockerPid(name);
    }

    @Override
    public CompletableFuture<Void> showNextTo(String name, String other) {
        CompletableFuture<Void> shown = new CompletableFuture<>();
        show(name, "namespaces");
        long deadline = System.nanoTime() + NEXT_TO_WAIT.toNanos();
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                Platform.runLater(() -> {
                    if (view.showNextTo(other)) {
                        shown.complete(null);
                    } else if (System.nanoTime() > deadline) {
                        shown.completeExceptionally(new IllegalStateException(Texts.get("lesson.error.noNextTo",
                                other, NEXT_TO_WAIT.toSeconds())));
                    } else {
                        again(this, shown);
                    }
                });
            }
        };
        again(attempt, shown);
        return shown;
    }

    /** ATTEMPT in half a second, unless the lesson has ended (then SHOWN fails, saying so). */
    private void again(Runnable attempt, CompletableFuture<Void> shown) {
        try {
            keys.schedule(attempt, 500, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            shown.completeExceptionally(new IllegalStateException(Texts.get("lesson.error.dockerEnded"), e));
        }
    }

    @Override
    public void showRootfs(String name) {
        Platform.runLater(() -> {
            view.showTab("rootfs");
            view.rootfsManager().showStored(name);
        });
    }

    @Override
    public void show(String name, String tab) {
        Platform.runLater(() -> {
            ContainerModel model = name == null ? null : containers.get(name);
            if (model != null) {
                view.selectContainer(model);
            }
            if (tab != null) {
                view.showTab(tab);
            }
        });
    }

    /** Names of the stored rootfs and layers this lesson made (a rehearsal removes them). */
    public List<String> madeRootfs() {
        return backend.made();
    }

    /** Ends what the lesson started on the host and removes its files; its containers are stopped. */
    @Override
    public void close() {
        end();
    }

    /** As close(), and completes once every container of the lesson has ended; a second call gives the first's. */
    public synchronized CompletableFuture<Void> end() {
        if (ending == null) {
            keys.shutdownNow();
            CompletableFuture<?>[] stops = containers.keySet().stream().map(this::stop)
                    .toArray(CompletableFuture[]::new);
            backend.close();
            ending = CompletableFuture.allOf(stops);
        }
        return ending;
    }
}

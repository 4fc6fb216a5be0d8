package org.nsexplorer.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.nsexplorer.app.bench.FirstPulse;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.compare.CompareSnapshot;
import org.nsexplorer.app.compare.HostSide;
import org.nsexplorer.app.compare.RefreshPace;
import org.nsexplorer.app.containers.Confinement;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.FoundCommands;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.FirstComparison;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.helper.HelperConnection;
import org.nsexplorer.app.helper.HelperRequests;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.helper.NonDumpable;
import org.nsexplorer.app.lessons.DockerLines;
import org.nsexplorer.app.lessons.LessonController;
import org.nsexplorer.app.lessons.NspawnLine;
import org.nsexplorer.app.lessons.Rehearsal;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Language;
import org.nsexplorer.app.ui.MainView;
import org.nsexplorer.app.ui.NextPulse;
import org.nsexplorer.app.ui.Settings;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.app.ui.WindowIcons;

/**
 * The classroom window. The FX thread never waits: the helper starts on a background
 * thread, refreshes run on a named scheduler, and results come back through runLater.
 */
public final class NamespaceExplorerApp extends Application {
    private static final double BASE_FONT_PX = 18;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nsx-refresh");
        t.setDaemon(true);
        return t;
    });
    private final ContainerSession session = new ContainerSession(Platform::runLater);
    /** The views' model: one per window content, so the views replaced by a language switch go with theirs. */
    private CompareModel compare = new CompareModel();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** How often the containers others made are looked for: a scan of /proc, about 25 ms with 400 processes. */
    private static final long DISCOVER_EVERY_NANOS = 5_000_000_000L;
    /** Each second while something happens, less often while the views stay the same. */
    private final RefreshPace pace = new RefreshPace();
    /** The last comparison of the container shown, to tell whether the next one changes anything. */
    private volatile CompareSnapshot lastCompared;
    private final Settings settings = new Settings();
    private final HelperRequests requests = new HelperRequests();
    /** Every request of the window, the views' and the lessons', over the current connection. */
    private final HelperClient client = new HelperClient(requests);
    private final AtomicBoolean listing = new AtomicBoolean();
    private final AtomicBoolean discovering = new AtomicBoolean();
    /** When the containers others made were last looked for (System.nanoTime); 0: never. */
    private volatile long discovered;
    private volatile HelperConnection helper;
    private volatile ContainerModel shown;
    private MainView view;
    private LessonController lessons;
    private Rehearsal rehearsal;
    private Scene scene;
    private Stage stage;
    private double zoom = 1.0;
    /** The status line's words, made again in the new language by a language switch. */
    private Supplier<String> status; // null: the view's own first words
    private boolean statusError;
    private boolean helperReady;
    private HostSide ownHost;
    private volatile boolean closing;
    /** A new container's first views, asked for as soon as it is both shown and running. */
    private final FirstComparison firstComparison = new FirstComparison(() -> closing ? null : shown,
            (model, helperId) -> compareWithHost(model, helperId, false));

    public static void main(String[] args) {
        // The words of the no-display and argument errors too: the teacher's language, else the system's.
        Language saved = new Settings().language();
        Texts.use(saved != null ? saved : Language.ofEnvironment(System.getenv()));
        try {
            StartArguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        try {
            // First, before any window, thread or pipe: no other program of the user may reach into the app.
            NonDumpable.ensure();
        } catch (IOException e) {
            System.err.println("nsx: " + e.getMessage()); // the window says it again when the helper does not start
        }
        try {
            launch(args);
        } catch (UnsupportedOperationException e) {
            if (!isNoDisplay(e)) {
                throw e;
            }
            // One line that says what to do, not the toolkit's stack trace.
            String display = System.getenv("DISPLAY");
            System.err.println(display == null || display.isEmpty() ? Texts.get("start.noDisplay", StartArguments.program())
                    : Texts.get("start.displayUnreachable", display, StartArguments.program()));
            System.exit(1);
        }
    }

    /** GTK's glass could not open the X display (its words, from GtkApplication). */
    private static boolean isNoDisplay(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException && "Unable to open DISPLAY".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        CompletableFuture<List<Image>> icons = WindowIcons.loadAhead();
        // The teacher's choice, else the system's; a screenshot tour speaks what LANG says.
        StartArguments arguments = StartArguments.parse(getParameters().getRaw()); // checked in main
        Language chosen = arguments.screenshots() != null ? null : settings.language();
        Texts.use(chosen != null ? chosen : Language.ofEnvironment(System.getenv()));
        // The first views of a new container as soon as the helper says it runs.
        session.setOnStarted((model, helperId) -> {
            firstComparison.started(model, helperId); // a pipe write: no need to leave the reader thread
        });
        scene = new Scene(new Region(), 1280, 800);
        scene.getStylesheets().add(NamespaceExplorerApp.class.getResource("nsx.css").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> zoomKeys(e, scene));
        // The teacher at work: the views answer each second again.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> pace.wake());
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> pace.wake());
        scene.addEventFilter(ScrollEvent.SCROLL, e -> pace.wake());
        scene.setRoot(buildView());
        view.recipe().setRecentRootfs(settings.recentRootfs());
        setDark(settings.dark());
        setZoom(settings.zoom());
        stage.setTitle(Texts.get("app.title"));
        stage.getIcons().setAll(icons.join());
        stage.setScene(scene);
        stage.show();
        // What the window does not need for its first frame waits for it: the other core is the helper's.
        NextPulse.after(scene, () -> {
            lessons.prepare();
            view.attachViewsSoon();
        });
        // The host's side at once, read by the app itself (it runs in the host's namespaces); the helper's replaces it.
        background.execute(() -> {
            HostSide own = HostSide.readOwn();
            Platform.runLater(() -> {
                ownHost = own;
                compare.showOwnHost(own);
            });
        });
        background.execute(this::connect);
        background.scheduleWithFixedDelay(this::refresh, 1, 1, TimeUnit.SECONDS);
        if (arguments.bench()) {
            new AppBench(view, compare, scene).start();
        }
        if (arguments.benchWindow()) {
            // ./nsx bench times our window against a minimal one, and says when Launch can be clicked.
            FirstPulse.report(scene, () -> FirstPulse.reportEnabled(view.lookup("#" + Ids.LAUNCH), Platform::exit));
        }
        if (Boolean.getBoolean("nsx.quitWhenShown")) {
            // packaging/build-deb records the classes a start loads (-XX:DumpLoadedClassList) up
            // to the window's first frame, for the installed app's class-data-sharing archive.
            Platform.runLater(Platform::exit);
        }
        if (arguments.rehearse() != null) {
            rehearsal = new Rehearsal(lessons, client, arguments.rehearse(),
                    arguments.report(), code -> {
                        stop();
                        Platform.exit();
                        System.exit(code);
                    });
        }
        if (arguments.screenshots() != null) {
            new ScreenshotTour(arguments.screenshots(), stage, scene, view, session, compare, this::setZoom,
                    this::setDark, lessons).start();
        }
    }

    /**
     * The window's content in the language in use, wired to the app: made at the start and
     * again by a language switch (the containers, their terminals and the helper stay).
     */
    private MainView buildView() {
        view = new MainView(session, compare, client);
        view.selection().selectedProperty().addListener((o, was, now) -> {
            if (now == null) {
                return; // the view is being replaced: the next one shows the same container
            }
            shown = now;
            lastCompared = null;
            pace.wake();
            compare.show(null);
            // Asked for when seen: at a launch the helper's time goes to the first views.
            if (view.commandsShowing()) {
                fetchCommands(shown);
            }
            if (shown.state() == ContainerState.RUNNING && !closing) {
                background.execute(this::refresh);
            } else {
                firstComparison.selectedBeforeRunning(now);
            }
        });
        view.setOnCommandsShown(() -> fetchCommands(shown));
        view.setOnTheme(() -> setDark(!scene.getRoot().getStyleClass().contains("dark")));
        view.setOnLanguage(this::switchLanguage);
        lessons = new LessonController(view, client, scene);
        if (stage.isShowing()) { // a language switch: the lessons in the new words, the views in the scene
            lessons.prepare();
            view.attachViewsSoon();
        }
        view.setOnLessons(lessons::choose);
        if (status != null) {
            view.setStatus(status.get(), statusError);
        }
        view.setHelperReady(helperReady);
        return view;
    }

    /**
     * On the FX thread: the window in LANGUAGE at once, no restart. Its content is made again
     * in the new words; the containers run on, the one on screen and the view shown stay.
     * (While a lesson runs the language button is disabled: the lesson speaks one language.)
     */
    void switchLanguage(Language chosen) {
        if (chosen == Texts.language() || lessons.player() != null) {
            return;
        }
        ContainerModel onScreen = view.selected();
        double width = view.getWidth();
        double height = view.getHeight();
        String tab = view.shownTab().get();
        List<String> recent = view.recipe().recentRootfs();
        CompareModel next = new CompareModel();
        next.differencesOnlyProperty().set(compare.differencesOnlyProperty().get());
        if (ownHost != null) {
            next.showOwnHost(ownHost);
        }
        view.dispose();
        lessons.dispose();
        Texts.use(chosen);
        settings.setLanguage(chosen);
        compare = next;
        scene.setRoot(buildView());
        view.recipe().setRecentRootfs(recent);
        setDark(settings.dark());
        setZoom(zoom);
        stage.setTitle(Texts.get("app.title"));
        if (onScreen != null) {
            view.selectContainer(onScreen);
        }
        if (tab != null) {
            view.showTab(tab);
        }
        checkedRecipe = null;
        // The new content at the window's size and styled at once at the zoom in use (its lists' first
        // rows too), so that the header's fit (title, "☰") is decided with the real fonts and width.
        view.resize(width, height);
        view.applyCss();
        view.layout();
        Platform.runLater(view::requestLayout);
        pace.wake();
        background.execute(() -> {
            view.rootfsManager().refresh();
            refresh();
        });
    }

    /** The lessons of this window (for the rehearsal's test, which plays them without quitting the JVM). */
    LessonController lessons() {
        return lessons;
    }

    HelperClient client() {
        return client;
    }

    /** On the FX thread: the status line says WORDS (made again after a language switch). */
    private void setStatus(Supplier<String> words, boolean error) {
        status = words;
        statusError = error;
        view.setStatus(words.get(), error);
    }

    private void setHelperReady(boolean ready) {
        helperReady = ready;
        view.setHelperReady(ready);
    }

    void setDark(boolean dark) {
        scene.getRoot().getStyleClass().remove("dark");
        if (dark) {
            scene.getRoot().getStyleClass().add("dark");
        }
        settings.setDark(dark);
    }

    void setZoom(double factor) {
        zoom = factor;
        settings.setZoom(factor);
        scene.getRoot().setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT_PX * zoom));
    }

    /** Ctrl + plus, minus, 0: the whole window from 100% to 250%, for the projector. */
    private void zoomKeys(KeyEvent e, Scene scene) {
        if (!e.isShortcutDown()) {
            return;
        }
        if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
            zoom = Math.min(2.5, zoom + 0.25);
        } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
            zoom = Math.max(1.0, zoom - 0.25);
        } else if (e.getCode() == KeyCode.DIGIT0 || e.getCode() == KeyCode.NUMPAD0) {
            zoom = 1.0;
        } else {
            return;
        }
        setZoom(zoom);
        e.consume();
    }

    /** On the background thread: start the helper, and start it again if it stops. */
    private void connect() {
        boolean root = HelperCommand.runningAsRoot();
        Path program = HelperCommand.program(Path.of(System.getProperty("nsx.helper", "nsx-helper")), root,
                HelperCommand.INSTALLED);
        List<String> command = HelperCommand.choose(program, root, HelperCommand.graphicalSession()).orElse(null);
        if (command == null) {
            Platform.runLater(() -> setStatus(HelperCommand::unavailableMessage, true));
            return;
        }
        try {
            helper = HelperConnection.start(command, new HelperConnection.Listener() {
                @Override
                public void onMessage(JsonNode message) {
                    if (!message.has("id")) {
                        pace.wake(); // an event (output, started, exited, oom): the views may change
                    }
                    requests.onMessage(message);
                    session.onMessage(message);
                }

                @Override
                public void onClosed(String reason) {
                    if (closing) {
                        return;
                    }
                    session.onClosed(reason);
                    Platform.runLater(() -> {
                        setHelperReady(false);
                        setStatus(() -> Texts.get("status.restarting", reason), true);
                    });
                    background.schedule(NamespaceExplorerApp.this::connect, 1, TimeUnit.SECONDS);
                }
            });
            session.attach(helper);
            requests.attach(helper);
            String cgroup = helper.hello().path("cgroup").asText();
            warmUpComparison(helper);
            Platform.runLater(() -> {
                setStatus(() -> Texts.get("status.ready", cgroup), false);
                setHelperReady(true);
                if (rehearsal != null) {
                    var starting = rehearsal;
                    rehearsal = null; // once, not again when the helper restarts
                    starting.start();
                }
            });
            view.rootfsManager().refresh();
        } catch (Exception e) {
            Platform.runLater(() -> setStatus(() -> Texts.get("status.failed", e.getMessage()), true));
        }
    }

    /**
     * Reads and parses one real comparison (the helper's view against the host's) before Launch
     * is enabled, and shows nothing of it: the first container's comparison then meets warm
     * code instead of a cold parser, and the teacher's first click a warm request writer.
     * A failure here is the real request's to report.
     */
    private static void warmUpComparison(HelperConnection connection) {
        try {
            JsonNode answer = new HelperClient(connection).comparison(null).get(5, TimeUnit.SECONDS);
            if (answer.has("comparison")) {
                CompareSnapshot.parse(answer.get("comparison"));
            }
        } catch (ExecutionException | TimeoutException e) {
            // the first real comparison will say what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the helper for the commands that build this container by hand (answered off the FX thread). */
    private void fetchCommands(ContainerModel model) {
        if (model == null || helper == null) {
            return;
        }
        if (!model.isOurs()) { // no recipe of ours made it: the commands that look into it
            view.showFoundCommands(FoundCommands.script(model.found().orElseThrow()));
            return;
        }
        client.commands(model.recipe(), Texts.language().tag()).thenAccept(answer -> {
            String script = answer.has("script") ? answer.path("script").asText()
                    : HelperWords.of(answer);
            NspawnLine nspawn = NspawnLine.parse(answer);
            DockerLines docker = DockerLines.parse(answer);
            Platform.runLater(() -> {
                if (shown == model) {
                    view.showCommands(script, nspawn, docker);
                }
            });
        });
    }

    private Recipe checkedRecipe;

    /**
     * On the FX thread: when the recipe changed, asks the helper what root in its container
     * could do to the host (the validation a launch would make), and shows it in the recipe.
     */
    private void checkRecipe() {
        Recipe now = view.recipe().recipe();
        if (helper == null || now.equals(checkedRecipe)) {
            return;
        }
        checkedRecipe = now;
        client.commands(now, Texts.language().tag()).thenAccept(answer -> Platform.runLater(() -> {
            if (now.equals(checkedRecipe)) {
                view.recipe().setConfinement(Confinement.parse(answer.get("confinement")),
                        HelperWords.of(answer));
            }
        }));
    }

    /**
     * Each second, off the FX thread: the selected container next to the host, when the pace
     * says so (each second while something happens).
     */
    private void refresh() {
        Platform.runLater(this::checkRecipe);
        discoverOthers();
        if (!pace.due()) {
            return;
        }
        ContainerModel target = shown;
        if (target != null && target.state() == ContainerState.RUNNING) {
            compareWithHost(target, target.helperIdProperty().get(), true);
        }
        listContainers();
        if (view.showing("layers")) {
            view.layers().refresh();
        }
    }

    /** The helper's list of containers with their networks, layers and namespaces, for the diagram and the map. */
    private void listContainers() {
        if (helper == null || session.containers().isEmpty() || !listing.compareAndSet(false, true)) {
            return;
        }
        client.list().whenComplete((answer, error) -> {
            listing.set(false);
            if (error == null && answer.has("containers")) {
                var parsed = ContainerInfo.parseList(answer);
                Platform.runLater(() -> view.showOverview(parsed));
            }
        });
    }

    /** Every few seconds: the containers others made (docker, lxc, an unshare...), for the selector. */
    private void discoverOthers() {
        long now = System.nanoTime();
        if (helper == null || now - discovered < DISCOVER_EVERY_NANOS || !discovering.compareAndSet(false, true)) {
            return;
        }
        discovered = now;
        session.discover().whenComplete((found, error) -> {
            discovering.set(false);
            if (error == null) {
                Platform.runLater(() -> session.showFound(found, shown));
            }
        });
    }

    /**
     * Asks the helper to compare TARGET (its id HELPER_ID) with the host; the views show the
     * answer. A PERIODIC refresh is skipped while the last is unanswered (a slow host must
     * not pile them up); a container's first is never skipped.
     */
    private void compareWithHost(ContainerModel target, String helperId, boolean periodic) {
        if (helper == null || periodic && !refreshing.compareAndSet(false, true)) {
            return;
        }
        (target.isOurs() ? client.comparison(helperId) : client.comparisonOfPid(target.hostPidProperty().get()))
                .whenComplete((answer, error) -> {
                    try {
                        if (error == null && answer.has("comparison")) {
                            CompareSnapshot parsed = CompareSnapshot.parse(answer.get("comparison"),
                                    answer.get("members"));
                            pace.observed(!parsed.sameContainerSideAs(lastCompared));
                            lastCompared = parsed;
                            Platform.runLater(() -> {
                                if (shown == target) {
                                    compare.show(parsed);
                                }
                            });
                        }
                    } finally {
                        if (periodic) {
                            refreshing.set(false);
                        }
                    }
                });
    }

    @Override
    public void stop() {
        closing = true;
        settings.setRecentRootfs(view.recipe().recentRootfs());
        background.shutdownNow();
        HelperConnection connection = helper;
        if (connection != null) {
            connection.close(); // the helper kills every container and cleans up
        }
    }
}

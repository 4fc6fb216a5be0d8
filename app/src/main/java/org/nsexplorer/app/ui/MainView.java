package org.nsexplorer.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.containers.Selection;
import org.nsexplorer.app.containers.SignalledProcess;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.layers.LayersView;
import org.nsexplorer.app.lessons.DockerLines;
import org.nsexplorer.app.lessons.NspawnLine;
import org.nsexplorer.app.recipe.RecipeView;
import org.nsexplorer.app.rootfs.RootfsView;
import org.nsexplorer.app.terminal.TerminalView;

/**
 * The window's content: the header, the recipe (or a lesson) left, the selected container's
 * views right (or the root filesystems manager), the selector and status below. It puts the
 * parts together; each part follows the selection on its own.
 */
public final class MainView extends BorderPane {
    /**
     * Windows shorter than this many lines of text show the namespace map as a view of its own
     * (1024x768 at 125 % is 34; 1280x800 and 1024x768 at 100 % are 44 and 43).
     */
    private static final double COMPACT_BELOW_EM = 40;
    /** The lesson column's least width: about the recipe's, enough for a dozen words a line. */
    private static final double LESSON_WIDTH_PX = 360;
    private final ContainerSession session;
    private final Selection selection = new Selection();
    private final Header header;
    private final StatusBar statusBar;
    private final RecipeView recipe = new RecipeView();
    private final ScrollPane recipeColumn = new ScrollPane(recipe);
    private final ContainerViews views;
    private final RootfsView rootfsManager;
    private final SessionWatch watch;
    private boolean lessonShown;
    /** The view on screen: one of the switcher's, or "rootfs" while the manager shows. */
    private final StringProperty shownKey = new SimpleStringProperty("");
    private Runnable onCommandsShown = () -> { };

    public MainView(ContainerSession session, CompareModel compare, HelperClient helper) {
        this.session = session;
        header = new Header(selection);
        statusBar = new StatusBar(session, selection);
        views = new ContainerViews(session, selection, compare, helper);
        views.terminal().setOnEnter(this::openShellIn);
        rootfsManager = new RootfsView(helper);
        setTop(header);
        setBottom(statusBar);
        recipeColumn.setFitToWidth(true);
        recipeColumn.setPrefViewportWidth(330);
        recipeColumn.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setLeft(recipeColumn);
        header.recipeToggle().selectedProperty().addListener((o, was, shown) -> {
            if (!lessonShown) {
                setLeft(shown ? recipeColumn : null);
            }
        });
        setCenter(views);
        showRootfsManagerOnToggle();
        views.tabs().shownProperty().addListener((o, was, now) -> {
            if ("commands".equals(now)) {
                onCommandsShown.run();
            }
        });
        rootfsManager.setOnStoredChanged(recipe::setStored);
        rootfsManager.setOnUse(path -> {
            recipe.useRootfs(path);
            header.recipeToggle().setSelected(true);
        });
        Runnable fit = this::fitHeight;
        heightProperty().addListener((o, was, now) -> fit.run());
        header.launch().fontProperty().addListener((o, was, now) -> fit.run()); // zoom changes the root font
        header.launch().setOnAction(e -> launchFromRecipe());
        header.stop().setOnAction(e -> {
            if (selection.get() != null) {
                session.stop(selection.get());
            }
        });
        // A refusal of the container shown is said beside the recipe's field at fault.
        selection.follow(model -> {
            ChangeListener<ContainerState> failed = (o, was, now) -> {
                if (now == ContainerState.FAILED) {
                    recipe.showFault(model.faultFieldProperty().get(), model.messageProperty().get());
                }
            };
            model.stateProperty().addListener(failed);
            return () -> model.stateProperty().removeListener(failed);
        });
        recipe.nameLaunched(session.nextName());
        watch = new SessionWatch(session, () -> {
            statusBar.rebuild();
            recipe.setRunningContainers(session.containers().stream().filter(c -> c.state().isLive()
                    && !c.helperIdProperty().get().isEmpty()).toList());
        });
        if (!session.containers().isEmpty()) { // made again for a language switch: the containers run on
            statusBar.rebuild();
            recipe.setRunningContainers(session.containers().stream().filter(c -> c.state().isLive()
                    && !c.helperIdProperty().get().isEmpty()).toList());
        }
    }

    /** The rootfs manager is about no container: it takes the whole room of the views. */
    private void showRootfsManagerOnToggle() {
        ScrollPane rootfsPage = new ScrollPane(rootfsManager);
        rootfsPage.setFitToWidth(true);
        rootfsPage.setId(Ids.ROOTFS_PAGE);
        header.rootfsToggle().selectedProperty().addListener((o, was, managing) -> {
            setCenter(managing ? rootfsPage : views);
            if (managing) {
                rootfsPage.applyCss(); // its skin now: the manager's fields can be found and filled at once
            }
            shownKey.set(managing ? "rootfs" : views.tabs().shownProperty().get());
        });
        views.tabs().shownProperty().addListener((o, was, now) -> {
            if (!header.rootfsToggle().isSelected()) {
                shownKey.set(now);
            }
        });
        shownKey.set(views.tabs().shownProperty().get());
    }

    @Override
    protected void layoutChildren() {
        header.fitTo(getWidth()); // before the rows are laid out, so the header's is laid out as it now fits
        super.layoutChildren();
    }

    /** A short window (1024x768 at projector zoom) is compact: smaller hostname cards (nsx.css), the map a view. */
    private void fitHeight() {
        boolean compact = getHeight() > 0 && getHeight() < COMPACT_BELOW_EM * header.launch().getFont().getSize();
        getStyleClass().remove("compact");
        if (compact) {
            getStyleClass().add("compact");
        }
        views.setCompact(compact);
    }

    /** Runs with the language the teacher chose in the header (the app rebuilds the window in it). */
    public void setOnLanguage(Consumer<Language> action) {
        header.setOnLanguage(action);
    }

    /** While a lesson runs its words stay in its language: the language button waits for its end. */
    public void setLanguageChangeable(boolean changeable) {
        header.language().setDisable(!changeable);
    }

    /**
     * Lets go of the containers and the session: this view is being replaced (by the same in
     * another language). The containers keep running; the next view shows them.
     */
    public void dispose() {
        watch.dispose();
        selection.clear();
    }

    /** Launch: the recipe, named as its name field says (or the next default name). */
    private void launchFromRecipe() {
        String name = recipe.containerName();
        String problem = name == null ? null : session.nameProblem(name, null);
        if (problem != null) {
            recipe.showFault("name", problem);
            return;
        }
        launch(recipe.recipe(), name);
    }

    /** Launches RECIPE and compares it with the host. */
    public ContainerModel launch(Recipe what) {
        return launch(what, null);
    }

    /** Launches RECIPE as the container NAME (null: the next free name) and shows it. */
    public ContainerModel launch(Recipe what, String name) {
        ContainerModel model = session.launch(what, name);
        recipe.nameLaunched(session.nextName());
        selection.select(model);
        return model;
    }

    /**
     * "Open a shell in it", for THEIRS, a container others made: a shell of ours in its
     * namespaces (nsenter's way), shown with its terminal.
     */
    public ContainerModel openShellIn(ContainerModel theirs) {
        return launch(Recipe.entering(theirs.hostPidProperty().get()), session.shellName(theirs.name()));
    }

    /** Shows MODEL in the views, as choosing it in the selector does. */
    public void selectContainer(ContainerModel model) {
        selection.select(model);
    }

    /**
     * Puts container OTHER ("beta", "web (docker)") next to the selected one in the namespace
     * map; false while the window lists none so named.
     */
    public boolean showNextTo(String other) {
        return views.showNextTo(other);
    }

    /** Stops MODEL, as the Stop button does for the selected one. */
    public void stop(ContainerModel model) {
        session.stop(model);
    }

    /** Sends SIGNAL to one process of MODEL, as the Processes view's buttons do; the outcome is one of its events. */
    public CompletableFuture<SignalledProcess> signalProcess(ContainerModel model, long hostPid, int signal) {
        return session.signalProcess(model, hostPid, signal);
    }

    /** Keys for MODEL's terminal, as if typed there. */
    public void input(ContainerModel model, byte[] keys) {
        session.input(model, keys);
    }

    /**
     * While a lesson runs its PANEL takes the recipe's column (the views keep their width) and
     * RESULTS, the step's check results, stand above the views; null for both restores the recipe.
     */
    public void showLesson(Node panel, Node results) {
        views.showLessonResults(results);
        if (panel == null) {
            setLeft(header.recipeToggle().isSelected() ? recipeColumn : null);
            header.recipeToggle().setDisable(false);
        } else {
            // The recipe's room, so the views keep their width; as much when the recipe was hidden.
            double width = getLeft() == recipeColumn && recipeColumn.getLayoutBounds().getWidth() > 0
                    ? recipeColumn.getLayoutBounds().getWidth() : LESSON_WIDTH_PX;
            if (panel instanceof Region r) {
                double w = Math.max(width, LESSON_WIDTH_PX);
                r.setMinWidth(w);
                r.setPrefWidth(w);
                r.setMaxWidth(w);
            }
            setLeft(panel);
            header.recipeToggle().setDisable(true);
        }
        lessonShown = panel != null;
    }

    public boolean lessonShown() {
        return lessonShown;
    }

    public void setOnLessons(Runnable action) {
        header.lessons().setOnAction(e -> action.run());
    }

    public void setOnTheme(Runnable action) {
        header.theme().setOnAction(e -> action.run());
    }

    public RecipeView recipe() {
        return recipe;
    }

    public void setStatus(String text, boolean error) {
        statusBar.setStatus(text, error);
    }

    public void setHelperReady(boolean ready) {
        header.launch().setDisable(!ready);
    }

    /**
     * Call once the window has shown its first frame: the views not yet shown join the scene,
     * one a frame (the first frame styled only the view on screen).
     */
    public void attachViewsSoon() {
        views.tabs().attachAllSoon();
    }

    /** The container the views show; listen to it to follow it. */
    public Selection selection() {
        return selection;
    }

    /** The container the views compare with the host (null: none yet). */
    public ContainerModel selected() {
        return selection.get();
    }

    /** The helper's list of running containers (each second): the diagram, layers and shared namespaces follow it. */
    public void showOverview(List<ContainerInfo> containers) {
        views.showOverview(containers);
    }

    /** The key of the view that shows ("processes", "rootfs"), as it changes. */
    public StringBinding shownTab() {
        return Bindings.createStringBinding(shownKey::get, shownKey);
    }

    /** Whether view KEY ("layers", "netmap"...) is on screen, for the refresh loop. */
    public boolean showing(String key) {
        boolean managing = header.rootfsToggle().isSelected();
        return "rootfs".equals(key) ? managing : !managing && views.tabs().showing(key);
    }

    /** The keys of every view, as the switcher groups them, and "rootfs" (the header's manager). */
    public List<String> viewKeys() {
        List<String> keys = new ArrayList<>(views.tabs().viewKeys());
        keys.add("rootfs");
        return keys;
    }

    public LayersView layers() {
        return views.layers();
    }

    public RootfsView rootfsManager() {
        return rootfsManager;
    }

    public TerminalView terminal() {
        return views.terminal();
    }

    /** Shows view KEY ("mounts", "limits"..., or "rootfs" for the root filesystems manager). */
    public void showTab(String key) {
        if ("rootfs".equals(key)) {
            header.rootfsToggle().setSelected(true);
        } else {
            header.rootfsToggle().setSelected(false);
            views.tabs().show(key);
        }
    }

    /** Runs when the Commands tab comes on screen (the commands are asked for only then). */
    public void setOnCommandsShown(Runnable action) {
        this.onCommandsShown = action;
    }

    public boolean commandsShowing() {
        return showing("commands");
    }

    /** The equivalent commands of the selected container, and its nspawn line, once the helper wrote them. */
    public void showCommands(String script, NspawnLine nspawn, DockerLines docker) {
        views.commands().show(script, nspawn, docker);
    }

    /** The commands that look into a container others made (no recipe, no nspawn line). */
    public void showFoundCommands(String script) {
        views.commands().showFound(script);
    }
}

package org.nsexplorer.app.ui;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.compare.CompareSnapshot;
import org.nsexplorer.app.compare.LimitsView;
import org.nsexplorer.app.compare.SideBySideView;
import org.nsexplorer.app.compare.HostnamesView;
import org.nsexplorer.app.compare.NamespaceMapView;
import org.nsexplorer.app.compare.ProcessesView;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.lessons.CommandsView;
import org.nsexplorer.app.recipe.RecipeView;
import org.nsexplorer.app.terminal.TerminalView;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.layers.LayersView;
import org.nsexplorer.app.network.NetworkDiagramView;
import org.nsexplorer.app.rootfs.RootfsView;

/** The window's layout: header with Launch/Stop and the containers, recipe left, views right. */
public final class MainView extends BorderPane {
    /**
     * Windows shorter than this many lines of text show the namespace map as a view of its own
     * (1024x768 at 125 % is 34; 1280x800 and 1024x768 at 100 % are 44 and 43).
     */
    private static final double COMPACT_BELOW_EM = 40;
    /** The lesson column's least width: about the recipe's, enough for a dozen words a line. */
    private static final double LESSON_WIDTH_PX = 360;
    private final Label status = new Label(Texts.get("status.connecting"));
    private final Button launch = new Button(Texts.get("button.launch"));
    private final Button stop = new Button(Texts.get("button.stop"));
    private final Button theme = new Button(Texts.get("button.theme"));
    private final javafx.scene.control.ToggleButton recipeToggle =
            new javafx.scene.control.ToggleButton(Texts.get("button.recipe"));
    private final javafx.scene.control.ComboBox<ContainerModel> selector = new javafx.scene.control.ComboBox<>();
    private final Button rename = new Button(Texts.get("button.rename"));
    private final Label settingsLine = new Label();
    private final javafx.scene.control.ToggleButton rootfsToggle =
            new javafx.scene.control.ToggleButton(Texts.get("button.rootfs"));
    private boolean updatingSelector;
    private final RecipeView recipe = new RecipeView();
    private final HostnamesView hostnames;
    private final LimitsView limits;
    private final ProcessesView processes;
    private final CommandsView commands = new CommandsView();
    private final ViewSwitcher tabs = new ViewSwitcher();
    private final TerminalView terminal;
    private final ContainerSession session;
    private ContainerModel selected;
    /** The containers this view follows, each with what stops following it (see dispose). */
    private final java.util.Map<ContainerModel, Runnable> watched = new java.util.HashMap<>();
    private final ListChangeListener<ContainerModel> containersChanged = change -> {
        rebuildSelector();
        updateRunning();
    };
    private final Button language = new Button();
    private java.util.function.Consumer<Language> onLanguage = chosen -> { };
    private Runnable onSelectionChanged = () -> { };
    private Runnable onCommandsShown = () -> { };

    private final NetworkDiagramView networkDiagram;
    private final LayersView layers;
    private final RootfsView rootfsManager;
    private final NamespaceMapView map;
    private java.util.List<ContainerInfo> overview = java.util.List.of();
    private final VBox lessonResults = new VBox();
    private final Button lessons = new Button(Texts.get("button.lessons"));
    private javafx.scene.Node recipeColumn;
    private boolean lessonShown;
    private final VBox viewsColumn = new VBox();
    /** How the selected container was launched: its settings line above its namespace map. */
    private VBox launchedWith;
    /** The view on screen: one of the switcher's, or "rootfs" while the manager shows. */
    private final javafx.beans.property.StringProperty shownKey = new javafx.beans.property.SimpleStringProperty("");

    public MainView(ContainerSession session, CompareModel compare, HelperClient helper) {
        this.session = session;
        this.networkDiagram = new NetworkDiagramView(helper);
        this.layers = new LayersView(helper);
        this.rootfsManager = new RootfsView(helper);
        this.hostnames = new HostnamesView(compare);
        this.terminal = new TerminalView(keys -> {
            if (selected != null) {
                session.input(selected, keys);
            }
        }, (rows, cols) -> {
            if (selected != null) {
                session.resize(selected, rows, cols);
            }
        });
        Label title = new Label(Texts.get("app.title"));
        title.getStyleClass().add("title");
        status.setId(Ids.STATUS);
        status.getStyleClass().add("status");
        launch.setId(Ids.LAUNCH);
        launch.getStyleClass().add("launch");
        launch.setDisable(true);
        stop.setId(Ids.STOP);
        stop.getStyleClass().add("stop");
        stop.setDisable(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (javafx.scene.control.Control fixed : new javafx.scene.control.Control[] {title, launch, stop}) {
            fixed.setMinWidth(Region.USE_PREF_SIZE); // never "..." on a projector
        }
        theme.setId(Ids.THEME);
        theme.setTooltip(new javafx.scene.control.Tooltip(Texts.get("button.theme.tip")));
        theme.setMinWidth(Region.USE_PREF_SIZE);
        recipeToggle.setId(Ids.RECIPE_TOGGLE);
        recipeToggle.setSelected(true);
        recipeToggle.setTooltip(new javafx.scene.control.Tooltip(Texts.get("button.recipe.tip")));
        recipeToggle.setMinWidth(Region.USE_PREF_SIZE);
        lessons.setId(Ids.LESSONS);
        lessons.getStyleClass().add("lessons-button");
        lessons.setMinWidth(Region.USE_PREF_SIZE);
        lessons.setTooltip(new javafx.scene.control.Tooltip(Texts.get("button.lessons.tip")));
        languageMenu();
        rootfsToggle.setId(Ids.ROOTFS_TOGGLE);
        rootfsToggle.setMinWidth(Region.USE_PREF_SIZE);
        rootfsToggle.setTooltip(new javafx.scene.control.Tooltip(Texts.get("button.rootfs.tip")));
        HBox header = new HBox(title, launch, stop, spacer, lessons, rootfsToggle, recipeToggle, language, theme);
        header.getStyleClass().add("header");
        setTop(header);
        // On a narrow projector (1024 px at 125 %) the title gives way, never a button: the class
        // needs Launch, Stop and Lessons, and the window's own title bar names the app.
        // (The window's width, not the header's: a BorderPane lays its rows out no narrower than its
        // own minimum, which a too-wide header raises, and the views then run past the window too.)
        // Then the recipe button says only "☰" (its tooltip names it): the teacher's, not the class's.
        String recipeWords = recipeToggle.getText();
        Runnable fitHeader = () -> {
            recipeToggle.setText(recipeWords);
            title.setVisible(true);
            title.setManaged(true);
            if (getWidth() > 0 && getWidth() < headerNeeds(header, spacer)) {
                title.setVisible(false);
                title.setManaged(false);
                if (getWidth() < headerNeeds(header, spacer)) {
                    recipeToggle.setText(recipeWords.contains(" ") ? recipeWords.substring(0, recipeWords.indexOf(' '))
                            : recipeWords);
                }
            }
        };
        widthProperty().addListener((o, was, now) -> fitHeader.run());
        launch.fontProperty().addListener((o, was, now) -> javafx.application.Platform.runLater(fitHeader));
        // The containers and the helper's status share the bottom bar: the header stays uncrowded.
        // The selector keeps the chosen container's whole name and state; a long status wraps onto
        // more lines rather than widen the window past the screen.
        setBottom(statusBar());
        settingsLine.setId(Ids.CONTAINER_SETTINGS);
        settingsLine.getStyleClass().add("container-settings");
        settingsLine.setWrapText(true);
        settingsLine.setMinHeight(Region.USE_PREF_SIZE);
        settingsLine.managedProperty().bind(settingsLine.textProperty().isNotEmpty());
        settingsLine.visibleProperty().bind(settingsLine.textProperty().isNotEmpty());

        ScrollPane recipeScroll = new ScrollPane(recipe);
        recipeColumn = recipeScroll;
        recipeScroll.setFitToWidth(true);
        recipeScroll.setPrefViewportWidth(330);
        recipeScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setLeft(recipeScroll);
        recipeToggle.selectedProperty().addListener((o, was, shown) -> {
            if (!lessonShown) {
                setLeft(shown ? recipeScroll : null);
            }
        });
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.R,
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), recipeToggle::fire);
            }
        });

        limits = new LimitsView(compare);
        processes = new ProcessesView(compare);
        // The teacher stops one process of the container compared; the outcome comes back as its event.
        processes.setOnSignal((hostPid, signal) -> {
            if (selected != null) {
                session.signalProcess(selected, hostPid, signal);
            }
        });
        map = new NamespaceMapView(compare);
        launchedWith = new VBox(settingsLine, map);
        tabs.setId(Ids.TABS);
        tabs.add("terminal", terminal);
        tabs.add("processes", processes);
        tabs.addGroup("files", false,
                new ViewSwitcher.View("mounts", new SideBySideView(compare, Texts.get("view.hostMounts"),
                        Texts.get("view.containerMounts"), CompareSnapshot.Side::mounts)),
                new ViewSwitcher.View("layers", layers));
        tabs.addGroup("networking", false,
                new ViewSwitcher.View("network", new SideBySideView(compare, Texts.get("view.hostNetwork"),
                        Texts.get("view.containerNetwork"), CompareSnapshot.Side::interfaces)),
                new ViewSwitcher.View("netmap", scrolling(networkDiagram)));
        tabs.addGroup("users-ipc", true,
                new ViewSwitcher.View("users", new SideBySideView(compare, Texts.get("view.hostUsers"),
                        Texts.get("view.containerUsers"), CompareSnapshot.Side::users)),
                new ViewSwitcher.View("ipc", new SideBySideView(compare, Texts.get("view.hostIpc"),
                        Texts.get("view.containerIpc"), CompareSnapshot.Side::ipc)));
        tabs.add("limits", limits);
        tabs.add("commands", commands);
        tabs.shownProperty().addListener((o, was, now) -> {
            if ("commands".equals(now)) {
                onCommandsShown.run();
            }
        });
        // The rootfs manager is about no container: it takes the whole room of the views.
        ScrollPane rootfsPage = scrolling(rootfsManager);
        rootfsPage.setId(Ids.ROOTFS_PAGE);
        rootfsToggle.selectedProperty().addListener((o, was, managing) -> {
            setCenter(managing ? rootfsPage : viewsColumn);
            if (managing) {
                rootfsPage.applyCss(); // its skin now: the manager's fields can be found and filled at once
            }
            shownKey.set(managing ? "rootfs" : tabs.shownProperty().get());
        });
        tabs.shownProperty().addListener((o, was, now) -> {
            if (!rootfsToggle.isSelected()) {
                shownKey.set(now);
            }
        });
        rootfsManager.setOnStoredChanged(recipe::setStored);
        rootfsManager.setOnUse(path -> {
            recipe.useRootfs(path);
            recipeToggle.setSelected(true);
        });
        lessonResults.getStyleClass().add("lesson-results");
        lessonResults.setVisible(false);
        lessonResults.setManaged(false);
        VBox views = viewsColumn;
        launchedWith.getStyleClass().add("launched-with");
        views.getChildren().setAll(lessonResults, hostnames, launchedWith, tabs);
        views.getStyleClass().add("views");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        setCenter(views);
        shownKey.set(tabs.shownProperty().get());
        Runnable fit = () -> placeNamespaceMap(views, map);
        heightProperty().addListener((o, was, now) -> fit.run());
        // Whatever the rows above need, the views give way (the bottom bar is never pushed off).
        views.setMinHeight(0);
        tabs.setMinHeight(0);
        launch.fontProperty().addListener((o, was, now) -> fit.run()); // zoom changes the root font

        launch.setOnAction(e -> launchFromRecipe());
        stop.setOnAction(e -> {
            if (selected != null) {
                session.stop(selected);
            }
        });
        recipe.nameLaunched(session.nextName());
        session.containers().addListener(containersChanged);
        if (!session.containers().isEmpty()) { // made again for a language switch: the containers run on
            rebuildSelector();
            updateRunning();
        }
    }

    /** The width HEADER's shown nodes ask for, SPACER aside. */
    private static double headerNeeds(HBox header, Region spacer) {
        double needed = header.snappedLeftInset() + header.snappedRightInset();
        int shown = 0;
        for (javafx.scene.Node n : header.getChildren()) {
            if (n.isManaged() && n != spacer) {
                needed += n.prefWidth(-1);
                shown++;
            }
        }
        return needed + header.getSpacing() * shown;
    }

    /**
     * The language button: the language in use as its code ("ES"), each language named in
     * itself in its menu; choosing one runs the action set by setOnLanguage.
     */
    private void languageMenu() {
        language.setId(Ids.LANGUAGE);
        language.setText(Texts.language().tag().substring(0, 2).toUpperCase(java.util.Locale.ROOT));
        language.setTooltip(new javafx.scene.control.Tooltip(Texts.get("button.language.tip")));
        language.setMinWidth(Region.USE_PREF_SIZE);
        // A button and its menu rather than a MenuButton: no arrow, the narrowest in a full header.
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        for (Language l : Language.values()) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(l.nativeName());
            item.setId(Ids.language(l));
            item.setToggleGroup(group);
            item.setSelected(l == Texts.language());
            item.setOnAction(e -> onLanguage.accept(l));
            menu.getItems().add(item);
        }
        language.setOnAction(e -> menu.show(language, javafx.geometry.Side.BOTTOM, 0, 0));
    }

    /** Runs with the language the teacher chose in the header (the app rebuilds the window in it). */
    public void setOnLanguage(java.util.function.Consumer<Language> action) {
        onLanguage = action;
    }

    /** While a lesson runs its words stay in its language: the language button waits for its end. */
    public void setLanguageChangeable(boolean changeable) {
        language.setDisable(!changeable);
    }

    /**
     * Lets go of the containers and the session: this view is being replaced (by the same in
     * another language). The containers keep running; the next view shows them.
     */
    public void dispose() {
        session.containers().removeListener(containersChanged);
        watched.values().forEach(Runnable::run);
        watched.clear();
        limits.showEvents(null);
        terminal.show(null);
        settingsLine.textProperty().unbind();
        selected = null;
    }

    /**
     * Above the views while they keep room for a dozen rows; on a short screen (1024x768 at
     * projector zoom) the map gets its own first view, so the process trees are not cut to two rows.
     */
    private void placeNamespaceMap(VBox views, NamespaceMapView map) {
        double em = launch.getFont().getSize();
        boolean compact = getHeight() > 0 && getHeight() < COMPACT_BELOW_EM * em;
        // Compact: smaller hostname cards (nsx.css), and the settings and the map a view of their own.
        getStyleClass().remove("compact");
        if (compact) {
            getStyleClass().add("compact");
        }
        showLessonResults();
        if (compact && views.getChildren().contains(launchedWith)) {
            views.getChildren().remove(launchedWith);
            tabs.insertGroup(0, "namespaces", false, new ViewSwitcher.View("namespaces", launchedWith));
        } else if (!compact && tabs.hasGroup("namespaces")) {
            tabs.removeGroup("namespaces");
            views.getChildren().add(views.getChildren().indexOf(tabs), launchedWith);
        }
    }

    /**
     * The check results above the views while a lesson runs, except on a short screen: there the
     * lesson's column says them already, and the views keep their rows.
     */
    private void showLessonResults() {
        boolean shown = !lessonResults.getChildren().isEmpty() && !getStyleClass().contains("compact");
        lessonResults.setVisible(shown);
        lessonResults.setManaged(shown);
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
    public ContainerModel launch(org.nsexplorer.app.containers.Recipe what) {
        return launch(what, null);
    }

    /** Launches RECIPE as the container NAME (null: the next free name) and shows it. */
    public ContainerModel launch(org.nsexplorer.app.containers.Recipe what, String name) {
        ContainerModel model = session.launch(what, name);
        recipe.nameLaunched(session.nextName());
        select(model);
        return model;
    }

    /** Shows MODEL in the views, as a click on its chip does. */
    public void selectContainer(ContainerModel model) {
        if (model != selected) {
            select(model);
        }
    }

    /** Stops MODEL, as the Stop button does for the selected one. */
    public void stop(ContainerModel model) {
        session.stop(model);
    }

    /** Sends SIGNAL to one process of MODEL, as the Processes view's buttons do; the outcome is one of its events. */
    public java.util.concurrent.CompletableFuture<org.nsexplorer.app.containers.SignalledProcess> signalProcess(
            ContainerModel model, long hostPid, int signal) {
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
    public void showLesson(javafx.scene.Node panel, javafx.scene.Node results) {
        lessonResults.getChildren().setAll(results == null ? java.util.List.of() : java.util.List.of(results));
        showLessonResults();
        if (panel == null) {
            setLeft(recipeToggle.isSelected() ? recipeColumn : null);
            recipeToggle.setDisable(false);
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
            recipeToggle.setDisable(true);
        }
        lessonShown = panel != null;
    }

    public boolean lessonShown() {
        return lessonShown;
    }

    public void setOnLessons(Runnable action) {
        lessons.setOnAction(e -> action.run());
    }

    public void setOnTheme(Runnable action) {
        theme.setOnAction(e -> action.run());
    }

    public RecipeView recipe() {
        return recipe;
    }

    public void setStatus(String text, boolean error) {
        status.setText(text);
        status.getStyleClass().remove("error");
        if (error) {
            status.getStyleClass().add("error");
        }
    }

    public void setHelperReady(boolean ready) {
        launch.setDisable(!ready);
    }

    /** The container the views compare with the host. */
    public ContainerModel selected() {
        return selected;
    }

    public void setOnSelectionChanged(Runnable action) {
        this.onSelectionChanged = action;
    }

    private static ScrollPane scrolling(javafx.scene.Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /** The helper's list of running containers (each second): the diagram, layers and shared namespaces follow it. */
    public void showOverview(java.util.List<ContainerInfo> containers) {
        overview = containers;
        networkDiagram.show(containers, this::nameOf);
        showSelectedInfo();
    }

    private String nameOf(String helperId) {
        return session.containers().stream().filter(c -> helperId.equals(c.helperIdProperty().get()))
                .map(ContainerModel::name).findFirst().orElse(helperId);
    }

    /** The selected container's overlay and the namespaces it shares with other containers. */
    private void showSelectedInfo() {
        ContainerInfo info = selected == null ? null : overview.stream()
                .filter(i -> i.helperId().equals(selected.helperIdProperty().get())).findFirst().orElse(null);
        layers.show(info, selected == null ? "" : selected.name(), selected == null ? null : selected.recipe().rootfs());
        java.util.Map<org.nsexplorer.app.containers.Namespace, String> partners = new java.util.HashMap<>();
        if (info != null) {
            java.util.Set<org.nsexplorer.app.containers.Namespace> own = selected.recipe().ownNamespaces();
            for (ContainerInfo other : overview) {
                if (other == info) {
                    continue;
                }
                info.namespaceInodes().forEach((type, inode) -> {
                    // Only namespaces not the host's: sharing the host's is already said.
                    boolean notHosts = own.contains(type) || selected.recipe().network().joinNamespaces().contains(type)
                            && selected.recipe().network().joinContainer() != null;
                    if (notHosts && inode.equals(other.namespaceInodes().get(type))) {
                        partners.merge(type, nameOf(other.helperId()), (a, b) -> a + ", " + b);
                    }
                });
            }
        }
        map.setPartners(partners);
    }

    /** The key of the view that shows ("processes", "rootfs"), as it changes. */
    public javafx.beans.binding.StringBinding shownTab() {
        return javafx.beans.binding.Bindings.createStringBinding(shownKey::get, shownKey);
    }

    /** Whether view KEY ("layers", "netmap"...) is on screen, for the refresh loop. */
    public boolean showing(String key) {
        return "rootfs".equals(key) ? rootfsToggle.isSelected() : !rootfsToggle.isSelected() && tabs.showing(key);
    }

    /** The keys of every view, as the switcher groups them, and "rootfs" (the header's manager). */
    public java.util.List<String> viewKeys() {
        java.util.List<String> keys = new java.util.ArrayList<>(tabs.viewKeys());
        keys.add("rootfs");
        return keys;
    }

    public LayersView layers() {
        return layers;
    }

    public RootfsView rootfsManager() {
        return rootfsManager;
    }

    private void updateRunning() {
        recipe.setRunningContainers(session.containers().stream().filter(c -> c.state().isLive()
                && !c.helperIdProperty().get().isEmpty()).toList());
    }

    public TerminalView terminal() {
        return terminal;
    }

    /** Shows view KEY ("mounts", "limits"..., or "rootfs" for the root filesystems manager). */
    public void showTab(String key) {
        if ("rootfs".equals(key)) {
            rootfsToggle.setSelected(true);
        } else {
            rootfsToggle.setSelected(false);
            tabs.show(key);
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
    public void showCommands(String script, org.nsexplorer.app.lessons.NspawnLine nspawn) {
        commands.show(script, nspawn);
    }

    private void select(ContainerModel model) {
        selected = model;
        watched.computeIfAbsent(model, this::watch);
        hostnames.setContainerName(model.name());
        hostnames.setConfinement(model.confinementProperty().get());
        limits.showEvents(model.timeline());
        settingsLine.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> org.nsexplorer.app.recipe.RecipeSummary.of(model.name(), model.recipe(), this::nameOf),
                model.nameProperty()));
        settingsLine.setTooltip(new javafx.scene.control.Tooltip(
                org.nsexplorer.app.recipe.RecipeSummary.full(model.name(), model.recipe(), this::nameOf)));
        terminal.show(model);
        showSelectedInfo();
        updateStop();
        rebuildSelector();
        onSelectionChanged.run();
    }

    /**
     * Once per container, however often it is selected: every event is told once. Returns
     * what stops following it.
     */
    private Runnable watch(ContainerModel model) {
        javafx.beans.value.ChangeListener<String> renamed = (o, was, now) -> {
            if (model == selected) {
                hostnames.setContainerName(now);
                showSelectedInfo();
            }
        };
        javafx.beans.value.ChangeListener<org.nsexplorer.app.containers.Confinement> confined = (o, was, now) -> {
            if (model == selected) {
                hostnames.setConfinement(now);
            }
            rebuildSelector();
        };
        ListChangeListener<String> told = change -> {
            while (change.next()) {
                for (String event : change.getAddedSubList()) {
                    if (model == selected) {
                        processes.showOutcome(model.name() + ": " + event);
                    }
                }
            }
        };
        javafx.beans.value.ChangeListener<ContainerState> changedState = (o, was, now) -> {
            updateStop();
            updateRunning();
            rebuildSelector();
            if (now == ContainerState.FAILED && model == selected) {
                recipe.showFault(model.faultFieldProperty().get(), model.messageProperty().get());
            }
        };
        model.nameProperty().addListener(renamed);
        model.confinementProperty().addListener(confined);
        model.events().addListener(told);
        model.stateProperty().addListener(changedState);
        return () -> {
            model.nameProperty().removeListener(renamed);
            model.confinementProperty().removeListener(confined);
            model.events().removeListener(told);
            model.stateProperty().removeListener(changedState);
        };
    }

    private void updateStop() {
        stop.setDisable(selected == null || !selected.state().isLive());
        processes.setRunning(selected != null && selected.state() == ContainerState.RUNNING);
    }

    /** The bottom bar: which container the views show, and the helper's status. */
    private HBox statusBar() {
        Label showing = new Label(Texts.get("selector.label"));
        showing.setMinWidth(Region.USE_PREF_SIZE);
        selector.setId(Ids.SELECTOR);
        selector.setPromptText(Texts.get("selector.none"));
        selector.setCellFactory(list -> new SelectorCell());
        selector.setButtonCell(new SelectorCell());
        // As wide as the container on screen needs, whole; not as the widest one in its list, so
        // the status beside it keeps room for its words.
        javafx.beans.InvalidationListener fitSelector = o -> {
            javafx.scene.control.ListCell<ContainerModel> shown = selector.getButtonCell();
            ContainerModel value = selector.getValue();
            javafx.scene.text.Text measured = new javafx.scene.text.Text(value == null ? selector.getPromptText()
                    : selectorText(value));
            measured.setFont(shown.getFont());
            selector.setMinWidth(Math.ceil(measured.getLayoutBounds().getWidth() + 4 * shown.getFont().getSize()));
        };
        selector.valueProperty().addListener(fitSelector);
        selector.getButtonCell().fontProperty().addListener(fitSelector);
        selector.getButtonCell().textProperty().addListener(fitSelector);
        selector.valueProperty().addListener((o, was, now) -> {
            if (!updatingSelector && now != null && now != selected) {
                select(now);
            }
        });
        rename.setId(Ids.RENAME);
        rename.setMinWidth(Region.USE_PREF_SIZE);
        rename.setTooltip(new javafx.scene.control.Tooltip(Texts.get("button.rename.tip")));
        rename.setDisable(true);
        rename.setOnAction(e -> renameSelected());
        status.setWrapText(true);
        WholeWords.keep(status);
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setAlignment(Pos.CENTER_RIGHT);
        status.setTextAlignment(javafx.scene.text.TextAlignment.RIGHT);
        HBox bar = new HBox(10, showing, selector, rename, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        bar.setMinWidth(0);
        return bar;
    }

    /** The teacher names the selected container (a lesson's "jail", "web"...): the views and events follow. */
    private void renameSelected() {
        if (selected == null) {
            return;
        }
        javafx.scene.control.TextInputDialog ask = new javafx.scene.control.TextInputDialog(selected.name());
        ask.setTitle(Texts.get("rename.title"));
        ask.setHeaderText(Texts.get("rename.header", selected.name()));
        ask.setContentText(Texts.get("rename.field"));
        DialogButtons.okCancel(ask.getDialogPane());
        if (getScene() != null) {
            ask.initOwner(getScene().getWindow());
            ask.getDialogPane().setStyle(getScene().getRoot().getStyle());
            ask.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        }
        ContainerModel model = selected;
        ask.showAndWait().ifPresent(name -> {
            String problem = session.rename(model, name);
            if (problem != null) {
                setStatus(problem, true);
            }
        });
    }

    /** Every live container and the selected one, in launch order; the selected one chosen. */
    private void rebuildSelector() {
        updatingSelector = true;
        try {
            java.util.List<ContainerModel> shown = session.containers().stream()
                    .filter(c -> c.state().isLive() || c == selected).toList();
            if (!selector.getItems().equals(shown)) {
                selector.getItems().setAll(shown);
            }
            selector.setValue(selected);
            rename.setDisable(selected == null);
        } finally {
            updatingSelector = false;
        }
    }

    /** "alpha · running", kept up to date as the container's state and name change; red when it has host root. */
    private static final class SelectorCell extends javafx.scene.control.ListCell<ContainerModel> {
        @Override
        protected void updateItem(ContainerModel c, boolean empty) {
            super.updateItem(c, empty);
            textProperty().unbind();
            getStyleClass().remove("host-root");
            if (empty || c == null) {
                setText(null);
                return;
            }
            textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> selectorText(c),
                    c.nameProperty(), c.stateProperty(), c.confinementProperty()));
            if (c.confinementProperty().get() != null && c.confinementProperty().get().hostRoot()) {
                getStyleClass().add("host-root");
            }
        }
    }

    static String selectorText(ContainerModel c) {
        boolean hostRoot = c.confinementProperty().get() != null && c.confinementProperty().get().hostRoot();
        return Texts.get("selector.item", c.name(), c.state().label()) + (hostRoot ? " · " + Texts.get("chip.hostRoot") : "");
    }
}

package org.nsexplorer.app.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.compare.CompareSnapshot;
import org.nsexplorer.app.compare.HostnamesView;
import org.nsexplorer.app.compare.LimitsView;
import org.nsexplorer.app.compare.NamespaceMapView;
import org.nsexplorer.app.compare.ProcessesView;
import org.nsexplorer.app.compare.SideBySideView;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.FoundContainer;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.NamespacePair;
import org.nsexplorer.app.containers.NamespaceSharing;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.containers.Selection;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.layers.LayersView;
import org.nsexplorer.app.lessons.CommandsView;
import org.nsexplorer.app.network.NetworkDiagramView;
import org.nsexplorer.app.recipe.RecipeSummary;
import org.nsexplorer.app.terminal.TerminalView;

/**
 * The views of the selected container next to the host, right of the recipe: a lesson's
 * check results, both hostnames, how the container was launched and its namespace map, then
 * the switcher's views. Each follows the selection itself; none is told it by hand.
 */
final class ContainerViews extends VBox {
    private final ContainerSession session;
    private final Selection selection;
    private final CompareModel compare;
    private final ViewSwitcher tabs = new ViewSwitcher();
    private final VBox lessonResults = new VBox();
    /** How the selected container was launched: its settings line above its namespace map. */
    private final VBox launchedWith;
    private final NamespaceMapView map;
    private final TerminalView terminal;
    private final LayersView layers;
    private final NetworkDiagramView networkDiagram;
    private final CommandsView commands = new CommandsView();
    /** The helper's list of running containers, as last told. */
    private List<ContainerInfo> overview = List.of();
    private boolean compact;

    ContainerViews(ContainerSession session, Selection selection, CompareModel compare, HelperClient helper) {
        this.session = session;
        this.selection = selection;
        this.compare = compare;
        HostnamesView hostnames = new HostnamesView(compare);
        hostnames.containerNameProperty().bind(selection.nameProperty());
        hostnames.confinementProperty().bind(selection.confinementProperty());
        map = new NamespaceMapView(compare);
        map.setOnNextTo(this::showSelectedInfo);
        launchedWith = new VBox(settingsLine(), map);
        launchedWith.getStyleClass().add("launched-with");
        terminal = new TerminalView(keys -> {
            if (selection.get() != null) {
                session.input(selection.get(), keys);
            }
        }, (rows, cols) -> {
            if (selection.get() != null) {
                session.resize(selection.get(), rows, cols);
            }
        });
        selection.follow(model -> {
            terminal.show(model);
            return () -> terminal.show(null);
        });
        layers = new LayersView(helper);
        networkDiagram = new NetworkDiagramView(helper);
        // A renamed container is named so in the layers and among the partners at once.
        selection.follow(model -> {
            showSelectedInfo();
            ChangeListener<String> renamed = (o, was, now) -> showSelectedInfo();
            model.nameProperty().addListener(renamed);
            return () -> model.nameProperty().removeListener(renamed);
        });
        tabs.setId(Ids.TABS);
        tabs.add("terminal", terminal);
        tabs.add("processes", processes(compare));
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
        tabs.add("limits", limits(compare));
        tabs.add("commands", commands);
        lessonResults.getStyleClass().add("lesson-results");
        lessonResults.setVisible(false);
        lessonResults.setManaged(false);
        getChildren().setAll(lessonResults, hostnames, launchedWith, tabs);
        getStyleClass().add("views");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        // Whatever the rows above need, the views give way (the bottom bar is never pushed off).
        setMinHeight(0);
        tabs.setMinHeight(0);
    }

    /** The selected container's settings, in a line whose tooltip has them whole. */
    private Label settingsLine() {
        Label line = new Label();
        line.setId(Ids.CONTAINER_SETTINGS);
        line.getStyleClass().add("container-settings");
        line.setWrapText(true);
        line.setMinHeight(Region.USE_PREF_SIZE);
        line.managedProperty().bind(line.textProperty().isNotEmpty());
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        selection.follow(model -> {
            if (model.found().isPresent()) { // no recipe of ours: what its engine and the kernel say of it
                line.textProperty().bind(Bindings.createStringBinding(
                        () -> FoundWords.summary(model.found().orElseThrow()), model.nameProperty()));
                line.setTooltip(new Tooltip(line.getText()));
                return () -> line.textProperty().unbind();
            }
            line.textProperty().bind(Bindings.createStringBinding(
                    () -> RecipeSummary.of(model.name(), model.recipe(), session::nameOf), model.nameProperty()));
            line.setTooltip(new Tooltip(RecipeSummary.full(model.name(), model.recipe(), session::nameOf)));
            return () -> line.textProperty().unbind();
        });
        return line;
    }

    /** The process trees; the teacher stops one process of the selected container, the outcome one of its events. */
    private ProcessesView processes(CompareModel compare) {
        ProcessesView processes = new ProcessesView(compare);
        processes.setOnSignal((hostPid, signal) -> {
            if (selection.get() != null) {
                session.signalProcess(selection.get(), hostPid, signal);
            }
        });
        selection.stateProperty().addListener((o, was, now) -> processes.setRunning(now == ContainerState.RUNNING));
        selection.follow(model -> {
            processes.setReadOnly(!model.isOurs());
            return () -> { };
        });
        selection.follow(model -> {
            ListChangeListener<String> told = change -> {
                while (change.next()) {
                    change.getAddedSubList().forEach(event -> processes.showOutcome(model.name() + ": " + event));
                }
            };
            model.events().addListener(told);
            return () -> model.events().removeListener(told);
        });
        return processes;
    }

    /** The limits and usage, with the selected container's events. */
    private LimitsView limits(CompareModel compare) {
        LimitsView limits = new LimitsView(compare);
        selection.follow(model -> {
            limits.showEvents(model.timeline());
            return () -> limits.showEvents(null);
        });
        return limits;
    }

    private static ScrollPane scrolling(Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /** The helper's list of running containers (each second): the diagram, layers and shared namespaces follow it. */
    void showOverview(List<ContainerInfo> containers) {
        overview = containers;
        networkDiagram.show(containers, session::nameOf);
        showSelectedInfo();
    }

    /** The selected container's overlay, and the namespaces it shares with other containers. */
    private void showSelectedInfo() {
        ContainerModel selected = selection.get();
        ContainerInfo info = selected == null ? null : overview.stream()
                .filter(i -> i.helperId().equals(selected.helperIdProperty().get())).findFirst().orElse(null);
        layers.show(info, selected == null ? "" : selected.name(), selected == null ? null : selected.recipe().rootfs());
        List<FoundContainer> others = session.others().stream().filter(c -> c.state().isLive())
                .map(c -> c.found().orElseThrow()).toList();
        Map<Namespace, Long> inodes = Map.of();
        if (selected != null && selected.found().isPresent()) { // made by others: ours and theirs in its namespaces
            FoundContainer found = selected.found().get();
            inodes = found.namespaces();
            map.setPartners(NamespaceSharing.withOthers(NamespaceSharing.oursIn(found, overview, session::nameOf),
                    found.namespaces(), found.notTheHosts(), found.hostPid(), others));
        } else if (info != null) {
            inodes = info.namespaceInodes();
            map.setPartners(NamespaceSharing.withOthers(NamespaceSharing.partners(info, selected.recipe(), overview,
                    session::nameOf), info.namespaceInodes(), notTheHosts(selected.recipe(), others),
                    info.hostPid(), others));
        } else {
            map.setPartners(Map.of());
        }
        showNextTo(selected, inodes, others);
    }

    /** What RECIPE's container does not share with the host: for a shell in theirs, the namespaces it entered. */
    private static Set<Namespace> notTheHosts(Recipe recipe, List<FoundContainer> others) {
        if (!recipe.enters()) {
            return NamespaceSharing.notTheHosts(recipe);
        }
        return others.stream().filter(f -> f.hostPid() == recipe.enter()).findFirst()
                .map(FoundContainer::notTheHosts).orElse(Set.of());
    }

    /**
     * The map's "next to" column: the other live containers to choose from, and the chosen
     * one's namespaces against the selected container's INODES (empty: not running).
     */
    private void showNextTo(ContainerModel selected, Map<Namespace, Long> inodes, List<FoundContainer> others) {
        Map<String, Map<Namespace, Long>> choices = new LinkedHashMap<>();
        String selectedId = selected == null ? "" : selected.helperIdProperty().get();
        for (ContainerInfo other : overview) {
            if (!other.helperId().equals(selectedId)) {
                choices.put(session.nameOf(other.helperId()), other.namespaceInodes());
            }
        }
        String selectedKey = selected == null ? "" : selected.found().map(FoundContainer::key).orElse("");
        for (FoundContainer other : others) {
            if (!other.key().equals(selectedKey)) {
                choices.put(other.labelWithEngine(), other.namespaces());
            }
        }
        map.setNextToChoices(List.copyOf(choices.keySet()));
        var host = compare.hostProperty().get();
        Map<Namespace, Long> next = map.nextTo().map(choices::get).orElse(null);
        map.showNextTo(next == null || inodes.isEmpty() || host == null ? Map.of()
                : NamespacePair.of(inodes, next, host.namespaces()), selected == null ? "" : selected.name());
    }

    /** Puts container NAME ("beta", "web (docker)") next to the selected one in the map; false when none is so named. */
    boolean showNextTo(String name) {
        showSelectedInfo();
        boolean chosen = map.chooseNextTo(name);
        showSelectedInfo();
        return chosen;
    }

    /**
     * COMPACT (a short window: 1024x768 at projector zoom): the settings and the map become a
     * view of their own, first in the row, so the process trees are not cut to two rows.
     */
    void setCompact(boolean on) {
        compact = on;
        map.setOfferNextTo(!on);
        showLessonResults();
        if (compact && getChildren().contains(launchedWith)) {
            getChildren().remove(launchedWith);
            tabs.insertGroup(0, "namespaces", false, new ViewSwitcher.View("namespaces", launchedWith));
        } else if (!compact && tabs.hasGroup("namespaces")) {
            tabs.removeGroup("namespaces");
            getChildren().add(getChildren().indexOf(tabs), launchedWith);
        }
    }

    /** A lesson step's check RESULTS above the views (null: none). */
    void showLessonResults(Node results) {
        lessonResults.getChildren().setAll(results == null ? List.of() : List.of(results));
        showLessonResults();
    }

    /**
     * The check results above the views while a lesson runs, except on a short screen: there the
     * lesson's column says them already, and the views keep their rows.
     */
    private void showLessonResults() {
        boolean shown = !lessonResults.getChildren().isEmpty() && !compact;
        lessonResults.setVisible(shown);
        lessonResults.setManaged(shown);
    }

    ViewSwitcher tabs() {
        return tabs;
    }

    TerminalView terminal() {
        return terminal;
    }

    LayersView layers() {
        return layers;
    }

    CommandsView commands() {
        return commands;
    }
}

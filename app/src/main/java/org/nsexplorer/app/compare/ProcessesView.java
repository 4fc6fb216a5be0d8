package org.nsexplorer.app.compare;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.nsexplorer.app.compare.ProcessTree.Line;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * Both process trees: the host's, where the container's processes stand out, and the
 * container's, with its PID next to the host's. Selecting one selects it on the other side.
 * Under the container's tree, Stop and Kill send SIGTERM or SIGKILL to the chosen process,
 * when it is one the container itself started (never a host process); the line under them
 * says what is chosen, with its full command line (the rows show short names).
 *
 * <p>With Differences only (CompareModel's switch, on by default) the host's tree keeps the
 * container's processes and those above them, and folds the rest into counts; rows then wrap
 * rather than end in "…". With it off, every process, one line each (a thousand rows lay out
 * only those on screen).
 */
public final class ProcessesView extends StackPane {
    public static final int SIGTERM = 15;
    public static final int SIGKILL = 9;
    /** No row chosen. */
    private static final long NONE = Long.MIN_VALUE;

    /** The key (host PID, or a folded line's key) of the row the teacher chose last. */
    private long chosenKey = NONE;

    /** Where Stop and Kill go: the host PID of the chosen process, and the signal. */
    public interface SignalAction {
        void send(long hostPid, int signal);
    }

    private final CompareModel model;
    private final ObservableList<Line> hostLines = FXCollections.observableArrayList();
    private final ObservableList<Line> containerLines = FXCollections.observableArrayList();
    private final ListView<Line> hostList = list(Ids.HOST_PROCESSES, hostLines);
    private final ListView<Line> containerList = list(Ids.CONTAINER_PROCESSES, containerLines);
    private final Button stop = action(Ids.PROCESS_STOP, "process.stop", "process-stop");
    private final Button kill = action(Ids.PROCESS_KILL, "process.kill", "process-kill");
    private final Label chosen = new Label(Texts.get("process.choose"));
    private boolean readOnly;
    private final Label hostCaption = caption(Texts.get("view.hostProcesses"));
    private CompareSnapshot latest;
    private boolean running;
    /** What came of the last signal, and the process it named: shown until another is chosen. */
    private String outcome;
    private long signalledPid = -1;
    private SignalAction onSignal = (pid, signal) -> { };
    private boolean syncing;

    public ProcessesView(CompareModel model) {
        this.model = model;
        chosen.setId(Ids.PROCESS_CHOSEN);
        chosen.getStyleClass().add("process-chosen");
        chosen.setWrapText(true);
        chosen.setMinWidth(0);
        chosen.setMaxWidth(Double.MAX_VALUE);
        chosen.setMinHeight(Region.USE_PREF_SIZE); // the list gives way, never a line of the outcome
        // The buttons wrap under each other in a narrow column rather than squeeze the host's tree.
        FlowPane buttons = new FlowPane(8, 6, stop, kill);
        buttons.setPrefWrapLength(0);
        buttons.setAlignment(Pos.CENTER_LEFT);
        CaptionWithSwitch hostHead = new CaptionWithSwitch(hostCaption, SideBySideView.differencesToggle(model,
                "processes"));
        // The container's column: a VBox gives the wrapping line under the buttons the height it needs.
        VBox containerColumn = new VBox(4, containerList, buttons, chosen);
        VBox.setVgrow(containerList, Priority.ALWAYS);
        containerList.getStyleClass().add("keeps-rows"); // the line under the buttons never leaves it no row
        getChildren().add(new TwoColumns(hostHead, caption(Texts.get("view.containerProcesses")), hostList,
                containerColumn, null));
        // Refreshed hidden too, unlike the other views (WhenOnScreen): refreshed only as it came on
        // screen, its folded rows (italic) were once drawn at the default 13 px until the next refresh.
        model.latestProperty().addListener((o, was, now) -> show(now));
        model.differencesOnlyProperty().addListener((o, was, now) -> {
            applyMode();
            show(latest);
        });
        linkSelection(hostList, containerList);
        linkSelection(containerList, hostList);
        // What the teacher chose, by host PID: a refresh that moves rows never redirects Stop or Kill.
        for (ListView<Line> list : List.of(hostList, containerList)) {
            list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
                if (!syncing && now != null) {
                    chosenKey = now.hostPid();
                }
                updateActions();
            });
        }
        stop.setOnAction(e -> signalChosen(SIGTERM));
        kill.setOnAction(e -> signalChosen(SIGKILL));
        applyMode();
        updateActions();
    }

    /** Where Stop and Kill send their signal. */
    public void setOnSignal(SignalAction action) {
        this.onSignal = action;
    }

    /** A container others made: its processes are shown, never signalled from here (no Stop, no Kill). */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
        for (Button b : List.of(stop, kill)) {
            b.setVisible(!readOnly);
            b.setManaged(!readOnly);
        }
        updateActions();
    }

    /** Whether the container compared runs: only then may its processes be signalled. */
    public void setRunning(boolean running) {
        this.running = running;
        updateActions();
    }

    /**
     * What came of the last signal (the event as the class sees it): it stays while that
     * process is chosen, or none is (a killed process leaves the list), until another is chosen.
     */
    public void showOutcome(String text) {
        outcome = text;
        updateActions();
    }

    private boolean differencesOnly() {
        return model.differencesOnlyProperty().get();
    }

    /** One-line rows of a fixed height for every process; rows that wrap for the few of Differences only. */
    private void applyMode() {
        hostCaption.setText(Texts.get(differencesOnly() ? "view.hostProcesses.differences" : "view.hostProcesses"));
        for (ListView<Line> list : List.of(hostList, containerList)) {
            list.getStyleClass().remove("one-line-rows");
            if (!differencesOnly()) {
                list.getStyleClass().add("one-line-rows");
            }
            list.refresh();
        }
        if (differencesOnly()) {
            hostList.scrollTo(0);
            containerList.scrollTo(0);
        }
    }

    private void signalChosen(int signal) {
        Line line = containerList.getSelectionModel().getSelectedItem();
        long pid = chosenKey >= 0 ? chosenKey : line == null ? -1 : line.hostPid();
        boolean listed = containerList.getItems().stream().anyMatch(l -> l.isProcess() && l.hostPid() == pid);
        if (pid >= 0 && listed && running && !readOnly && latest != null && latest.isOwn(pid)) {
            signalledPid = pid;
            outcome = null;
            onSignal.send(pid, signal);
        }
    }

    private boolean signallable(Line line) {
        return line.isProcess() && running && !readOnly && latest != null && latest.isOwn(line.hostPid());
    }

    private void updateActions() {
        Line line = containerList.getSelectionModel().getSelectedItem();
        boolean can = line != null && signallable(line);
        stop.setDisable(!can);
        kill.setDisable(!can);
        if (outcome != null && (line == null || line.hostPid() == signalledPid)) {
            chosen.setText(outcome);
            return;
        }
        outcome = null; // another process is chosen: the last outcome was read
        if (readOnly) {
            chosen.setText(Texts.get("process.readOnly"));
            return;
        }
        Line shown = line != null ? line : hostList.getSelectionModel().getSelectedItem();
        if (shown == null || latest == null) {
            chosen.setText(Texts.get("process.choose"));
        } else if (!shown.isProcess()) {
            chosen.setText(shown.detail());
        } else if (!latest.isOwn(shown.hostPid())) {
            chosen.setText(Texts.get("process.notOwn", Long.toString(shown.hostPid())) + "\n"
                    + Texts.get("process.commandLine", CommandName.clip(shown.detail())));
        } else {
            latest.process(shown.hostPid()).ifPresent(r -> chosen.setText(Texts.get("process.chosen", r.name(),
                    Long.toString(r.containerPid()), Long.toString(r.hostPid())) + "\n"
                    + Texts.get("process.commandLine", CommandName.clip(r.command()))));
        }
    }

    private void show(CompareSnapshot s) {
        long selected = chosenKey != NONE ? chosenKey : selectedKey();
        latest = s;
        boolean differences = differencesOnly();
        syncing = true;
        // Unchanged lists are left alone: a refill makes the list lay out and restyle its rows.
        replaceIfChanged(hostLines, s == null ? List.of() : differences ? s.hostDifferences() : s.hostTree());
        replaceIfChanged(containerLines, s == null ? List.of() : differences ? s.containerDifferences()
                : s.containerTree());
        syncing = false;
        if (selected != NONE) {
            select(selected);
        } else if (!differences) {
            // Nothing chosen yet: bring the container's processes into view in the host's tree.
            for (int i = 0; i < hostLines.size(); i++) {
                if (hostLines.get(i).inContainer()) {
                    hostList.scrollTo(Math.max(0, i - 1));
                    break;
                }
            }
        }
        updateActions();
    }

    static <T> void replaceIfChanged(ObservableList<T> shown, List<T> now) {
        if (!shown.equals(now)) {
            shown.setAll(now);
        }
    }

    private long selectedKey() {
        Line line = hostList.getSelectionModel().getSelectedItem();
        if (line == null) {
            line = containerList.getSelectionModel().getSelectedItem();
        }
        return line == null ? NONE : line.hostPid();
    }

    /** Selects KEY on both sides; where it is gone, nothing stays selected (never its neighbour). */
    private void select(long key) {
        syncing = true;
        for (ListView<Line> view : List.of(hostList, containerList)) {
            Line line = view.getItems().stream().filter(l -> l.hostPid() == key).findFirst().orElse(null);
            if (line == null) {
                view.getSelectionModel().clearSelection();
            } else {
                view.getSelectionModel().select(line);
                view.scrollTo(line);
            }
        }
        syncing = false;
    }

    private void linkSelection(ListView<Line> from, ListView<Line> to) {
        from.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (syncing || now == null) {
                return;
            }
            syncing = true;
            Line match = to.getItems().stream().filter(l -> l.hostPid() == now.hostPid()).findFirst().orElse(null);
            if (match == null) {
                to.getSelectionModel().clearSelection();
            } else {
                to.getSelectionModel().select(match);
                to.scrollTo(match);
            }
            syncing = false;
        });
    }

    private static Button action(String id, String key, String style) {
        Button button = new Button(Texts.get(key));
        button.setId(id);
        button.getStyleClass().addAll("process-action", style);
        button.setTooltip(new Tooltip(Texts.get(key + ".tip")));
        button.setTextAlignment(TextAlignment.CENTER); // the action, and under it the signal
        button.setMinWidth(Region.USE_PREF_SIZE); // never "..." on a projector
        return button;
    }

    private ListView<Line> list(String id, ObservableList<Line> items) {
        ListView<Line> view = new ListView<>(items);
        view.setId(id);
        view.setPlaceholder(placeholder());
        view.setMinWidth(0);
        view.setMaxWidth(Double.MAX_VALUE);
        view.setCellFactory(v -> new ListCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                // As wide as the list, never wider: no sideways scroll; a long line ends in "…" or wraps.
                setPrefWidth(0);
                tip.setWrapText(true);
                tip.setMaxWidth(600);
            }

            @Override
            protected void updateItem(Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("process", "in-container", "process-ancestors", "process-folded");
                setText(empty || line == null ? null : line.text());
                if (empty || line == null) {
                    setTooltip(null);
                    return;
                }
                // The differences are a few lines: each whole. The full host tree is hundreds: one line
                // each, a long one cut, whole in its tooltip.
                setWrapText(differencesOnly());
                getStyleClass().add(switch (line.kind()) {
                    case PROCESS -> "process";
                    case ANCESTORS -> "process-ancestors";
                    case FOLDED -> "process-folded";
                });
                if (line.inContainer()) {
                    getStyleClass().add("in-container");
                }
                tip.setText(CommandName.clip(line.detail()));
                setTooltip(tip);
            }
        });
        return view;
    }

    private static Label placeholder() {
        Label label = new Label(Texts.get("view.none"));
        label.getStyleClass().add("placeholder");
        label.setWrapText(true);
        return label;
    }

    private static Label caption(String title) {
        Label caption = new Label(title);
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        caption.setMinWidth(0);
        caption.setMinHeight(Region.USE_PREF_SIZE); // a short view wraps its caption rather than end it in "…"
        caption.setMaxWidth(Double.MAX_VALUE);
        return caption;
    }
}

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
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.compare.ProcessTree.Line;
import org.nsexplorer.app.ui.Texts;

/**
 * Both process trees: the host's, where the container's processes stand out, and the
 * container's, with its PID next to the host's. Selecting one selects it on the other side.
 * Under the container's tree, Stop and Kill send SIGTERM or SIGKILL to the chosen process,
 * when it is one the container itself started (never a host process).
 */
public final class ProcessesView extends HBox {
    public static final int SIGTERM = 15;
    public static final int SIGKILL = 9;

    /** The host PID of the process the teacher chose last (-1: none). */
    private long chosenPid = -1;

    /** Where Stop and Kill go: the host PID of the chosen process, and the signal. */
    public interface SignalAction {
        void send(long hostPid, int signal);
    }

    private final ObservableList<Line> hostLines = FXCollections.observableArrayList();
    private final ObservableList<Line> containerLines = FXCollections.observableArrayList();
    private final ListView<Line> hostList = list(Ids.HOST_PROCESSES, hostLines);
    private final ListView<Line> containerList = list(Ids.CONTAINER_PROCESSES, containerLines);
    private final Button stop = action(Ids.PROCESS_STOP, "process.stop", "process-stop");
    private final Button kill = action(Ids.PROCESS_KILL, "process.kill", "process-kill");
    private final Label chosen = new Label(Texts.get("process.choose"));
    private CompareSnapshot latest;
    private boolean running;
    /** What came of the last signal, and the process it named: shown until another is chosen. */
    private String outcome;
    private long signalledPid = -1;
    private SignalAction onSignal = (pid, signal) -> { };
    private boolean syncing;

    public ProcessesView(CompareModel model) {
        setSpacing(12);
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
        getChildren().addAll(column(Texts.get("view.hostProcesses"), hostList),
                column(Texts.get("view.containerProcesses"), containerList, buttons, chosen));
        model.latestProperty().addListener((o, was, now) -> show(now));
        linkSelection(hostList, containerList);
        linkSelection(containerList, hostList);
        containerList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> updateActions());
        // What the teacher chose, by host PID: a refresh that moves rows never redirects Stop or Kill.
        for (ListView<Line> list : List.of(hostList, containerList)) {
            list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
                if (!syncing && now != null) {
                    chosenPid = now.hostPid();
                }
            });
        }
        stop.setOnAction(e -> signalChosen(SIGTERM));
        kill.setOnAction(e -> signalChosen(SIGKILL));
        updateActions();
    }

    /** Where Stop and Kill send their signal. */
    public void setOnSignal(SignalAction action) {
        this.onSignal = action;
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

    private void signalChosen(int signal) {
        Line line = containerList.getSelectionModel().getSelectedItem();
        long pid = chosenPid >= 0 ? chosenPid : line == null ? -1 : line.hostPid();
        boolean listed = containerList.getItems().stream().anyMatch(l -> l.hostPid() == pid);
        if (pid >= 0 && listed && running && latest != null && latest.isOwn(pid)) {
            signalledPid = pid;
            outcome = null;
            onSignal.send(pid, signal);
        }
    }

    private boolean signallable(Line line) {
        return running && latest != null && latest.isOwn(line.hostPid());
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
        if (line == null || latest == null) {
            chosen.setText(Texts.get("process.choose"));
        } else if (!latest.isOwn(line.hostPid())) {
            chosen.setText(Texts.get("process.notOwn", Long.toString(line.hostPid())));
        } else {
            latest.containerProcess(line.hostPid()).ifPresent(r -> chosen.setText(Texts.get("process.chosen",
                    r.command(), Long.toString(r.containerPid()), Long.toString(r.hostPid()))));
        }
    }

    private void show(CompareSnapshot s) {
        long selected = chosenPid >= 0 ? chosenPid : selectedPid();
        latest = s;
        syncing = true;
        // Unchanged lists are left alone: a refill makes the list lay out and restyle its rows.
        replaceIfChanged(hostLines, s == null ? List.of() : s.hostTree());
        replaceIfChanged(containerLines, s == null ? List.of() : s.containerTree());
        syncing = false;
        if (selected >= 0) {
            select(selected);
        } else {
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

    private long selectedPid() {
        Line line = hostList.getSelectionModel().getSelectedItem();
        if (line == null) {
            line = containerList.getSelectionModel().getSelectedItem();
        }
        return line == null ? -1 : line.hostPid();
    }

    /** Selects HOSTPID on both sides; where it is gone, nothing stays selected (never its neighbour). */
    private void select(long hostPid) {
        if (hostPid < 0) {
            return;
        }
        for (ListView<Line> view : List.of(hostList, containerList)) {
            Line line = view.getItems().stream().filter(l -> l.hostPid() == hostPid).findFirst().orElse(null);
            if (line == null) {
                view.getSelectionModel().clearSelection();
            } else {
                view.getSelectionModel().select(line);
                view.scrollTo(line);
            }
        }
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
        button.setTextAlignment(javafx.scene.text.TextAlignment.CENTER); // the action, and under it the signal
        button.setMinWidth(Region.USE_PREF_SIZE); // never "..." on a projector
        return button;
    }

    private static ListView<Line> list(String id, ObservableList<Line> items) {
        ListView<Line> view = new ListView<>(items);
        view.setId(id);
        view.getStyleClass().add("one-line-rows");
        view.setPlaceholder(placeholder());
        view.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("process", "in-container");
                setText(empty || line == null ? null : line.text());
                if (!empty && line != null) {
                    getStyleClass().add("process");
                    if (line.inContainer()) {
                        getStyleClass().add("in-container");
                    }
                }
            }
        });
        return view;
    }

    private static Label placeholder() {
        Label label = new Label(Texts.get("view.none"));
        label.getStyleClass().add("placeholder");
        return label;
    }

    private static VBox column(String title, ListView<Line> list, javafx.scene.Node... below) {
        Label caption = new Label(title);
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        VBox box = new VBox(4, caption, list);
        box.getChildren().addAll(below);
        VBox.setVgrow(list, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setPrefWidth(1); // both columns grow alike from here, each no narrower than its minimum
        box.setMaxWidth(Double.MAX_VALUE);
        list.setMaxWidth(Double.MAX_VALUE);
        return box;
    }
}

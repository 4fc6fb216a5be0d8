package org.nsexplorer.app.compare;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.compare.ProcessTree.Line;
import org.nsexplorer.app.ui.Texts;

/**
 * Both process trees: the host's, where the container's processes stand out, and the
 * container's, with its PID next to the host's. Selecting one selects it on the other side.
 */
public final class ProcessesView extends HBox {
    private final ObservableList<Line> hostLines = FXCollections.observableArrayList();
    private final ObservableList<Line> containerLines = FXCollections.observableArrayList();
    private final ListView<Line> hostList = list(Ids.HOST_PROCESSES, hostLines);
    private final ListView<Line> containerList = list(Ids.CONTAINER_PROCESSES, containerLines);
    private boolean syncing;

    public ProcessesView(CompareModel model) {
        setSpacing(12);
        getChildren().addAll(column(Texts.get("view.hostProcesses"), hostList),
                column(Texts.get("view.containerProcesses"), containerList));
        model.latestProperty().addListener((o, was, now) -> show(now));
        linkSelection(hostList, containerList);
        linkSelection(containerList, hostList);
    }

    private void show(CompareSnapshot s) {
        long selected = selectedPid();
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

    private void select(long hostPid) {
        if (hostPid < 0) {
            return;
        }
        for (ListView<Line> view : List.of(hostList, containerList)) {
            view.getItems().stream().filter(l -> l.hostPid() == hostPid).findFirst().ifPresent(l -> {
                view.getSelectionModel().select(l);
                view.scrollTo(l);
            });
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

    private static VBox column(String title, ListView<Line> list) {
        Label caption = new Label(title);
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        VBox box = new VBox(4, caption, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        list.setMaxWidth(Double.MAX_VALUE);
        return box;
    }
}

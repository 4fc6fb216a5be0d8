package org.nsexplorer.app.compare;

import java.util.List;
import java.util.function.Function;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Texts;

/** Two lists, host left and container right; what only one side has is marked ◆ and coloured. */
public final class SideBySideView extends HBox {
    private final ListView<CompareSnapshot.Item> host = list();
    private final ListView<CompareSnapshot.Item> container = list();

    public SideBySideView(CompareModel model, String hostTitle, String containerTitle,
            Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick) {
        setSpacing(12);
        getChildren().addAll(column(hostTitle, host, "host"), column(containerTitle, container, "container"));
        model.latestProperty().addListener((o, was, now) -> {
            ProcessesView.replaceIfChanged(host.getItems(), now == null ? List.of() : pick.apply(now.host()));
            ProcessesView.replaceIfChanged(container.getItems(), now == null ? List.of() : pick.apply(now.container()));
        });
    }

    private static ListView<CompareSnapshot.Item> list() {
        ListView<CompareSnapshot.Item> view = new ListView<>();
        view.getStyleClass().add("one-line-rows");
        Label none = new Label(Texts.get("view.none"));
        none.getStyleClass().add("placeholder");
        view.setPlaceholder(none);
        view.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(CompareSnapshot.Item item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("only-here");
                setText(empty || item == null ? null : (item.onlyHere() ? "◆ " : "  ") + item.text());
                if (!empty && item != null && item.onlyHere()) {
                    getStyleClass().add("only-here");
                }
            }
        });
        return view;
    }

    private static VBox column(String title, ListView<CompareSnapshot.Item> list, String side) {
        Label caption = new Label(title);
        caption.getStyleClass().addAll("card-label", side + "-caption");
        VBox box = new VBox(4, caption, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }
}

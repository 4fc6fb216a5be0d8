package org.nsexplorer.app.ui;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.Selection;

/**
 * The bottom bar: which container the views show (the selector, and Rename), and the
 * helper's status. The header stays uncrowded; the selector keeps the chosen container's
 * whole name and state, and a long status wraps onto more lines rather than widen the window.
 */
final class StatusBar extends HBox {
    private final Label status = new Label(Texts.get("status.connecting"));
    private final ComboBox<ContainerModel> selector = new ComboBox<>();
    private final Button rename = new Button(Texts.get("button.rename"));
    private final ContainerSession session;
    private final Selection selection;
    private boolean updating;

    StatusBar(ContainerSession session, Selection selection) {
        super(10);
        this.session = session;
        this.selection = selection;
        Label showing = new Label(Texts.get("selector.label"));
        showing.setMinWidth(Region.USE_PREF_SIZE);
        selector.setId(Ids.SELECTOR);
        selector.setPromptText(Texts.get("selector.none"));
        selector.setCellFactory(list -> new SelectorCell());
        selector.setButtonCell(new SelectorCell());
        fitSelector();
        selector.valueProperty().addListener((o, was, now) -> {
            if (!updating && now != null && now != selection.get()) {
                selection.select(now);
            }
        });
        selection.selectedProperty().addListener((o, was, now) -> rebuild());
        rename.setId(Ids.RENAME);
        rename.setMinWidth(Region.USE_PREF_SIZE);
        rename.setTooltip(new Tooltip(Texts.get("button.rename.tip")));
        rename.setDisable(true);
        rename.setOnAction(e -> renameSelected());
        status.setId(Ids.STATUS);
        status.getStyleClass().add("status");
        status.setWrapText(true);
        WholeWords.keep(status);
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setAlignment(Pos.CENTER_RIGHT);
        status.setTextAlignment(TextAlignment.RIGHT);
        getChildren().setAll(showing, selector, rename, status);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("status-bar");
        setMinWidth(0);
    }

    /**
     * As wide as the container on screen needs, whole; not as the widest one in its list, so
     * the status beside it keeps room for its words.
     */
    private void fitSelector() {
        InvalidationListener fit = o -> {
            ListCell<ContainerModel> shown = selector.getButtonCell();
            ContainerModel value = selector.getValue();
            Text measured = new Text(value == null ? selector.getPromptText() : selectorText(value));
            measured.setFont(shown.getFont());
            selector.setMinWidth(Math.ceil(measured.getLayoutBounds().getWidth() + 4 * shown.getFont().getSize()));
        };
        selector.valueProperty().addListener(fit);
        selector.getButtonCell().fontProperty().addListener(fit);
        selector.getButtonCell().textProperty().addListener(fit);
    }

    void setStatus(String text, boolean error) {
        status.setText(text);
        status.getStyleClass().remove("error");
        if (error) {
            status.getStyleClass().add("error");
        }
    }

    /** Every live container and the selected one, in launch order; the selected one chosen. */
    void rebuild() {
        ContainerModel selected = selection.get();
        updating = true;
        try {
            List<ContainerModel> shown = session.containers().stream()
                    .filter(c -> c.state().isLive() || c == selected).toList();
            if (!selector.getItems().equals(shown)) {
                selector.getItems().setAll(shown);
            }
            selector.setValue(selected);
            rename.setDisable(selected == null);
        } finally {
            updating = false;
        }
    }

    /** The teacher names the selected container (a lesson's "jail", "web"...): the views and events follow. */
    private void renameSelected() {
        ContainerModel model = selection.get();
        if (model == null) {
            return;
        }
        TextInputDialog ask = new TextInputDialog(model.name());
        ask.setTitle(Texts.get("rename.title"));
        ask.setHeaderText(Texts.get("rename.header", model.name()));
        ask.setContentText(Texts.get("rename.field"));
        DialogButtons.okCancel(ask.getDialogPane());
        if (getScene() != null) {
            ask.initOwner(getScene().getWindow());
            ask.getDialogPane().setStyle(getScene().getRoot().getStyle());
            ask.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        }
        ask.showAndWait().ifPresent(name -> {
            String problem = session.rename(model, name);
            if (problem != null) {
                setStatus(problem, true);
            }
        });
    }

    /** "alpha · running", kept up to date as the container's state and name change; red when it has host root. */
    private static final class SelectorCell extends ListCell<ContainerModel> {
        @Override
        protected void updateItem(ContainerModel c, boolean empty) {
            super.updateItem(c, empty);
            textProperty().unbind();
            getStyleClass().remove("host-root");
            if (empty || c == null) {
                setText(null);
                return;
            }
            textProperty().bind(Bindings.createStringBinding(() -> selectorText(c), c.nameProperty(),
                    c.stateProperty(), c.confinementProperty()));
            if (c.confinementProperty().get() != null && c.confinementProperty().get().hostRoot()) {
                getStyleClass().add("host-root");
            }
        }
    }

    static String selectorText(ContainerModel c) {
        boolean hostRoot = c.confinementProperty().get() != null && c.confinementProperty().get().hostRoot();
        return Texts.get("selector.item", c.name(), c.state().label())
                + (hostRoot ? " · " + Texts.get("chip.hostRoot") : "");
    }
}

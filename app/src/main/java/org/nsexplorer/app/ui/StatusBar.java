package org.nsexplorer.app.ui;

import java.util.List;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
        selector.setCellFactory(list -> new SelectorCell(true));
        // As wide as the container on screen needs, whole: the status beside it keeps room for its words.
        FitToValue.fit(selector, new SelectorCell(false), StatusBar::selectorText, selector.getPromptText(),
                true);
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
            // Ours first, then those others made: each of these says so, with its engine.
            List<ContainerModel> shown = Stream.concat(session.containers().stream(),
                    session.others().stream()).filter(c -> c.state().isLive() || c == selected).toList();
            if (!selector.getItems().equals(shown)) {
                selector.getItems().setAll(shown);
            }
            selector.setValue(selected);
            rename.setDisable(selected == null || !selected.isOurs());
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

    /**
     * "alpha · running", kept up to date as the container's state and name change; red when it
     * has host root. In the open list, the first container others made carries the heading
     * of their group above it.
     */
    private static final class SelectorCell extends ListCell<ContainerModel> {
        private final boolean inList;
        private final Label othersHeading = new Label(Texts.get("selector.group.others"));

        SelectorCell(boolean inList) {
            this.inList = inList;
            othersHeading.getStyleClass().add("selector-group");
            setContentDisplay(ContentDisplay.TOP);
        }

        @Override
        protected void updateItem(ContainerModel c, boolean empty) {
            super.updateItem(c, empty);
            textProperty().unbind();
            getStyleClass().remove("host-root");
            setGraphic(null);
            if (empty || c == null) {
                setText(null);
                return;
            }
            textProperty().bind(Bindings.createStringBinding(() -> selectorText(c), c.nameProperty(),
                    c.stateProperty(), c.confinementProperty()));
            if (c.confinementProperty().get() != null && c.confinementProperty().get().hostRoot()) {
                getStyleClass().add("host-root");
            }
            if (inList && firstOfOthers(c)) {
                setGraphic(othersHeading);
            }
        }

        /** Whether C, made by others, comes first of them in the list (ours come before them). */
        private boolean firstOfOthers(ContainerModel c) {
            int index = getIndex();
            List<ContainerModel> items = getListView() == null ? List.of() : getListView().getItems();
            return !c.isOurs() && index >= 0 && index < items.size() && (index == 0 || items.get(index - 1).isOurs());
        }
    }

    static String selectorText(ContainerModel c) {
        if (!c.isOurs()) {
            return Texts.get("selector.madeByOthers", c.name(), c.found().orElseThrow().engineWords(), c.state().label());
        }
        boolean hostRoot = c.confinementProperty().get() != null && c.confinementProperty().get().hostRoot();
        return Texts.get("selector.item", c.name(), c.state().label())
                + (hostRoot ? " · " + Texts.get("chip.hostRoot") : "");
    }
}

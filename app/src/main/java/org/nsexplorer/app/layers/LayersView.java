package org.nsexplorer.app.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The selected container's overlay: its layers stacked as the kernel stacks them (its own
 * writable upper on top), the files it added, changed or deleted (read from the upper by
 * the helper each second), and a way to keep its changes as a new layer.
 */
public final class LayersView extends VBox {
    private final HelperClient helper;
    private final VBox stack = new VBox();
    private final ListView<String> changes = new ListView<>();
    private final Label placeholder = new Label();
    private final TextField keepName = new TextField();
    private final Button keep = new Button(Texts.get("layers.keep"));
    private final Label keepStatus = new Label();
    /** Set on the FX thread, read by refresh() on the refresh thread. */
    private volatile ContainerInfo info;
    private String name = "";
    private String rootfs = "";

    public LayersView(HelperClient helper) {
        this.helper = helper;
        getStyleClass().add("layers-view");
        stack.getStyleClass().add("layer-stack");
        changes.setId(Ids.CHANGES);
        changes.getStyleClass().add("one-line-rows");
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        changes.setPlaceholder(new Label(Texts.get("layers.noChanges")));
        VBox.setVgrow(changes, Priority.ALWAYS);
        keepName.setId(Ids.KEEP_LAYER_NAME);
        keepName.setPromptText(Texts.get("layers.keepName"));
        keep.setId(Ids.KEEP_LAYER);
        keep.setOnAction(e -> keepLayer());
        keepStatus.getStyleClass().add("card-label");
        keepStatus.setWrapText(true);
        HBox keepRow = new HBox(8, keepName, keep);
        getChildren().addAll(placeholder, stack, changes, keepRow, keepStatus);
        show(null, "", "");
    }

    /**
     * The container to show (null: none), its classroom name and its rootfs: the directory, or
     * null for the built-in one (the host's own programs; its name in the recipe is taken as null too).
     */
    public void show(ContainerInfo container, String containerName, String rootfsShown) {
        boolean same = info != null && container != null && info.helperId().equals(container.helperId());
        info = container;
        name = containerName;
        rootfs = rootfsShown;
        boolean overlay = container != null && container.overlay();
        placeholder.setText(container == null ? Texts.get("layers.none") : Texts.get("layers.noOverlay", containerName));
        placeholder.setVisible(!overlay);
        placeholder.setManaged(!overlay);
        for (Node n : List.of(stack, changes, keep, keepName, keepStatus)) {
            n.setVisible(overlay);
            n.setManaged(overlay);
        }
        if (!overlay) {
            return;
        }
        List<Label> rows = new ArrayList<>();
        rows.add(layer(Texts.get("layers.upper", containerName), "upper"));
        container.layers().forEach(l -> rows.add(layer(Texts.get("layers.kept", l), "lower")));
        boolean builtIn = rootfs == null || rootfs.isEmpty() || rootfs.equals(Texts.get("recipe.rootfs.builtin"));
        rows.add(layer(builtIn ? Texts.get("layers.base.builtin") : Texts.get("layers.base", rootfs), "lower"));
        stack.getChildren().setAll(rows);
        keepStatus.setText(container.keepAs().map(k -> Texts.get("layers.willKeep", k, containerName)).orElse(""));
        if (!same) {
            changes.getItems().clear();
        }
    }

    private static Label layer(String text, String kind) {
        Label label = new Label(text);
        label.getStyleClass().addAll("layer", kind);
        label.setMaxWidth(Double.MAX_VALUE);
        return label;
    }

    /** Asks the helper for the changes so far; call from any thread. */
    public void refresh() {
        ContainerInfo now = info;
        if (now == null || !now.overlay()) {
            return;
        }
        helper.changes(now.helperId()).thenAccept(answer ->
                Platform.runLater(() -> showChanges(now, answer)));
    }

    private void showChanges(ContainerInfo asked, JsonNode answer) {
        if (info == null || !asked.helperId().equals(info.helperId()) || !"changes".equals(answer.path("type").asText())) {
            return;
        }
        OverlayChanges listed = OverlayChanges.parse(answer);
        List<String> lines = new ArrayList<>();
        for (OverlayChanges.Change c : listed.changes()) {
            lines.add(Texts.get("layers.kind." + c.kind()) + "  " + c.path());
        }
        if (listed.truncated()) {
            lines.add(Texts.get("layers.truncated"));
        }
        if (!lines.equals(changes.getItems())) {
            changes.getItems().setAll(lines);
        }
    }

    private void keepLayer() {
        ContainerInfo now = info;
        String layerName = keepName.getText().trim();
        if (now == null) {
            return;
        }
        helper.keepLayer(now.helperId(), layerName)
                .whenComplete((answer, error) -> Platform.runLater(() -> keepStatus.setText(error != null
                        ? error.getMessage() : "ok".equals(answer.path("type").asText())
                                ? Texts.get("layers.willKeep", layerName, name) : HelperWords.of(answer))));
    }
}

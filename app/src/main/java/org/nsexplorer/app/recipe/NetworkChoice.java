package org.nsexplorer.app.recipe;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.ui.Headings;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.app.ui.WrappingChoices;

/**
 * The recipe's network, pod and layer choices: the network mode (which decides the NET
 * switch), the running container whose namespaces to share, and copy-on-write layers.
 */
final class NetworkChoice {
    static final List<String> MODES = List.of("isolated", "veth", "bridge", "host");
    private final ComboBox<String> mode = new ComboBox<>();
    private final ComboBox<ContainerModel> joinWith = new ComboBox<>();
    private final Map<Namespace, CheckBox> joined = new EnumMap<>(Namespace.class);
    private final CheckBox overlay = new CheckBox(Texts.get("recipe.overlay"));
    private final ComboBox<String> layer = new ComboBox<>();
    private final CheckBox netToggle;
    private boolean syncing;

    NetworkChoice(CheckBox netToggle) {
        this.netToggle = netToggle;
        mode.getItems().setAll(MODES);
        mode.setConverter(converter(m -> Texts.get("net.mode." + m)));
        mode.setValue("isolated");
        mode.setId(Ids.NETWORK_MODE);
        mode.setMaxWidth(Double.MAX_VALUE);
        WrappingChoices.wrap(mode);
        // The mode decides the NET switch, and the switch the mode: one rule, shown both ways.
        mode.valueProperty().addListener((o, was, now) -> sync(() -> netToggle.setSelected(!"host".equals(now))));
        netToggle.selectedProperty().addListener((o, was, on) -> sync(() -> {
            if (!on) {
                mode.setValue("host");
            } else if ("host".equals(mode.getValue())) {
                mode.setValue("isolated");
            }
        }));
        joinWith.setConverter(converter(c -> c == null ? Texts.get("recipe.join.none") : c.name()));
        joinWith.setId(Ids.JOIN_WITH);
        joinWith.setMaxWidth(Double.MAX_VALUE);
        WrappingChoices.wrap(joinWith);
        for (Namespace type : Namespace.joinable()) {
            CheckBox box = new CheckBox(type.procName());
            box.setId("join-" + type.procName());
            box.setSelected(type == Namespace.NET || type == Namespace.IPC); // a pod's two
            joined.put(type, box);
        }
        overlay.setId(Ids.OVERLAY_TOGGLE);
        overlay.setWrapText(true);
        layer.setId(Ids.LAYER_CHOICE);
        layer.setMaxWidth(Double.MAX_VALUE);
        WrappingChoices.wrap(layer);
        layer.setConverter(converter(l -> l == null || l.isEmpty() ? Texts.get("recipe.layer.none") : l));
        layer.getItems().setAll("");
        layer.setValue("");
        layer.disableProperty().bind(overlay.selectedProperty().not());
    }

    private void sync(Runnable change) {
        if (!syncing) {
            syncing = true;
            try {
                change.run();
            } finally {
                syncing = false;
            }
        }
    }

    private static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return text.apply(value);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    /** The sections this adds to the recipe. */
    List<Node> nodes() {
        Label explain = new Label(Texts.get("recipe.join.explain"));
        explain.getStyleClass().add("ns-explain");
        explain.setWrapText(true);
        FlowPane boxes = new FlowPane(12, 4);
        boxes.getChildren().addAll(joined.values());
        Label layerLabel = new Label(Texts.get("recipe.layer"));
        layerLabel.setWrapText(true);
        return List.of(Headings.section("recipe.network"), mode, Headings.section("recipe.join"), joinWith, boxes,
                explain, Headings.section("recipe.layers"), overlay, new VBox(2, layerLabel, layer));
    }

    /** Running containers one may share namespaces with; the choice stays if its container still runs. */
    void setRunning(List<ContainerModel> running) {
        ContainerModel chosen = joinWith.getValue();
        joinWith.getItems().setAll((ContainerModel) null);
        joinWith.getItems().addAll(running);
        joinWith.setValue(running.contains(chosen) ? chosen : null);
    }

    void setLayers(List<String> names) {
        String chosen = layer.getValue();
        layer.getItems().setAll("");
        layer.getItems().addAll(names);
        layer.setValue(names.contains(chosen) ? chosen : "");
    }

    Recipe.Network value() {
        ContainerModel with = joinWith.getValue();
        Set<Namespace> shared = EnumSet.noneOf(Namespace.class);
        joined.forEach((type, box) -> {
            if (box.isSelected()) {
                shared.add(type);
            }
        });
        String helperId = with == null ? null : with.helperIdProperty().get();
        boolean joiningNet = helperId != null && shared.contains(Namespace.NET);
        Recipe.Network how = Recipe.Network.DEFAULT.withMode(joiningNet ? null : mode.getValue());
        if (helperId != null) {
            how = how.joining(helperId, shared);
        }
        return overlay.isSelected() ? how.withOverlay(layer.getValue() != null && !layer.getValue().isEmpty()
                ? List.of(layer.getValue()) : List.of()) : how;
    }
}

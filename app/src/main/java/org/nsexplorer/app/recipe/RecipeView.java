package org.nsexplorer.app.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/** The recipe: one switch per namespace with a plain explanation, hostname and limits. */
public final class RecipeView extends VBox {
    private static final List<String> TYPES = List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time");
    private static final Set<String> CLASSIC = Set.of("mnt", "uts", "ipc", "net", "pid");
    private final Map<String, CheckBox> toggles = new LinkedHashMap<>();
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Label fieldError = new Label();

    public RecipeView() {
        getStyleClass().add("recipe");
        getChildren().add(section(Texts.get("recipe.namespaces")));
        for (String type : TYPES) {
            CheckBox toggle = new CheckBox(type.toUpperCase(java.util.Locale.ROOT));
            toggle.setId(Ids.namespaceToggle(type));
            toggle.getStyleClass().add("ns-toggle");
            toggle.setSelected(CLASSIC.contains(type));
            Label explain = new Label(Texts.get("ns." + type));
            explain.getStyleClass().add("ns-explain");
            explain.setWrapText(true);
            toggles.put(type, toggle);
            getChildren().addAll(toggle, explain);
        }
        getChildren().add(section(Texts.get("recipe.hostname")));
        getChildren().add(field("hostname", Ids.HOSTNAME_FIELD, "container", ""));
        getChildren().add(section(Texts.get("recipe.memory")));
        getChildren().add(field("memory", Ids.MEMORY_FIELD, "", "64M"));
        getChildren().add(section(Texts.get("recipe.cpus")));
        getChildren().add(field("cpus", Ids.CPUS_FIELD, "", "0.5"));
        getChildren().add(section(Texts.get("recipe.pids")));
        getChildren().add(field("pids", Ids.PIDS_FIELD, "", "100"));
        fieldError.getStyleClass().add("field-error");
        fieldError.setWrapText(true);
        fieldError.setVisible(false);
        fieldError.setManaged(false);
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section");
        return label;
    }

    private TextField field(String name, String id, String value, String example) {
        TextField field = new TextField(value);
        field.setId(id);
        field.setPromptText(example.isEmpty() ? "" : Texts.get("recipe.placeholder.unlimited") + " (" + example + ")");
        fields.put(name, field);
        field.textProperty().addListener((o, was, now) -> clearFault());
        return field;
    }

    /** The recipe as it stands; the helper validates it (and says which field is wrong). */
    public Recipe recipe() {
        Set<String> namespaces = toggles.entrySet().stream().filter(e -> e.getValue().isSelected())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        String pids = fields.get("pids").getText().trim();
        Long pidLimit;
        try {
            pidLimit = pids.isEmpty() ? null : Long.valueOf(pids);
        } catch (NumberFormatException e) {
            pidLimit = -1L; // the helper refuses it with a clear message
        }
        return new Recipe(null, namespaces, fields.get("hostname").getText().trim(), fields.get("memory").getText()
                .trim(), fields.get("cpus").getText().trim(), pidLimit, null, null, List.of("/bin/sleep", "infinity"));
    }

    /** Shows a refusal beside the field at fault (or under the recipe when none is named). */
    public void showFault(String field, String message) {
        clearFault();
        TextField target = fields.get(field);
        fieldError.setText(message);
        fieldError.setVisible(true);
        fieldError.setManaged(true);
        int at = target == null ? getChildren().size() : getChildren().indexOf(target) + 1;
        if (target != null) {
            target.getStyleClass().add("fault");
        }
        getChildren().add(Math.min(at, getChildren().size()), fieldError);
    }

    private void clearFault() {
        fields.values().forEach(f -> f.getStyleClass().remove("fault"));
        getChildren().remove(fieldError);
        fieldError.setVisible(false);
        fieldError.setManaged(false);
    }
}

package org.nsexplorer.app.recipe;

import java.io.File;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.nsexplorer.app.containers.Confinement;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.ui.Headings;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.app.ui.WrappingChoices;

/** The recipe: one switch per namespace with a plain explanation, hostname and limits. */
public final class RecipeView extends VBox {
    private final Map<Namespace, CheckBox> toggles = new EnumMap<>(Namespace.class);
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Label fieldError = new Label();
    private final ComboBox<String> rootfs = new ComboBox<>();
    private final Map<String, CheckBox> mounts = new LinkedHashMap<>();
    private final RadioButton pivot = new RadioButton("pivot_root");
    private final CheckBox terminalToggle = new CheckBox(Texts.get("recipe.terminal"));
    private final RadioButton chroot = new RadioButton(Texts.get("recipe.chroot"));
    private final NetworkChoice network;
    private final Label confinement = new Label();
    private final Label confinementWhy = new Label();
    private final CheckBox hostRoot = new CheckBox(Texts.get("recipe.hostRoot"));
    private final Label hostRootWarning = new Label(Texts.get("recipe.hostRoot.warning"));

    public RecipeView() {
        getStyleClass().add("recipe");
        // Titled as what Launch makes next: the container on screen may have been launched otherwise.
        Label title = new Label(Texts.get("recipe.title"));
        title.getStyleClass().add("recipe-title");
        title.setWrapText(true);
        title.setTooltip(new Tooltip(Texts.get("recipe.title.explain")));
        TextField name = field("name", Ids.NAME_FIELD, "", "");
        name.setTooltip(new Tooltip(Texts.get("recipe.name.tip")));
        // Under the title, the column's width: beside it, the name's prompt was cut at projector zoom.
        getChildren().addAll(title, name);
        getChildren().addAll(safetySection());
        getChildren().add(Headings.section("recipe.namespaces"));
        for (Namespace type : Namespace.values()) {
            CheckBox toggle = new CheckBox(type.label());
            toggle.setId(Ids.namespaceToggle(type));
            toggle.getStyleClass().add("ns-toggle");
            toggle.setSelected(Namespace.CLASSIC.contains(type));
            Label explain = new Label(Texts.get("ns." + type.procName()));
            explain.getStyleClass().add("ns-explain");
            explain.setWrapText(true);
            toggles.put(type, toggle);
            getChildren().addAll(toggle, explain);
        }
        network = new NetworkChoice(toggles.get(Namespace.NET));
        getChildren().addAll(network.nodes());
        getChildren().add(Headings.section("recipe.rootfs"));
        rootfs.getItems().add(Texts.get("recipe.rootfs.builtin"));
        rootfs.getSelectionModel().select(0);
        rootfs.setMaxWidth(Double.MAX_VALUE);
        rootfs.setId(Ids.ROOTFS);
        WrappingChoices.wrap(rootfs);
        Button choose = new Button(Texts.get("recipe.rootfs.choose"));
        choose.setOnAction(e -> chooseRootfs());
        choose.setWrapText(true); // "Escolher um diretório…" is wider than the column at 125 %
        getChildren().addAll(rootfs, choose);
        getChildren().add(Headings.section("recipe.command"));
        getChildren().add(field("command", Ids.COMMAND_FIELD, "/bin/sh", ""));
        terminalToggle.setId(Ids.TERMINAL_TOGGLE);
        terminalToggle.setSelected(true);
        terminalToggle.setWrapText(true);
        getChildren().add(terminalToggle);
        getChildren().add(Headings.section("recipe.mounts"));
        FlowPane mountBoxes = new FlowPane(12, 4);
        for (String m : Recipe.MOUNTS) {
            CheckBox box = new CheckBox(m);
            box.setId("mount-" + m);
            box.setSelected(!m.equals("sys"));
            mounts.put(m, box);
            mountBoxes.getChildren().add(box);
        }
        getChildren().add(mountBoxes);
        getChildren().add(Headings.section("recipe.rootSwitch"));
        ToggleGroup how = new ToggleGroup();
        pivot.setToggleGroup(how);
        chroot.setToggleGroup(how);
        pivot.setSelected(true);
        pivot.setId("root-pivot");
        chroot.setId("root-chroot");
        chroot.setWrapText(true);
        getChildren().add(new VBox(4, pivot, chroot));
        getChildren().add(Headings.section("recipe.hostname"));
        getChildren().add(field("hostname", Ids.HOSTNAME_FIELD, "container", ""));
        getChildren().add(Headings.section("recipe.memory"));
        getChildren().addAll(field("memory", Ids.MEMORY_FIELD, "", "64M"), whenEmpty("memory"));
        getChildren().add(Headings.section("recipe.cpus"));
        getChildren().addAll(field("cpus", Ids.CPUS_FIELD, "", "0.5"), whenEmpty("cpus"));
        getChildren().add(Headings.section("recipe.pids"));
        getChildren().addAll(field("pids", Ids.PIDS_FIELD, "", "100"), whenEmpty("pids"));
        fieldError.getStyleClass().add("field-error");
        fieldError.setWrapText(true);
        fieldError.setVisible(false);
        fieldError.setManaged(false);
    }

    /** What root in the container will be able to do to the host, said before Launch; and host root. */
    private List<Node> safetySection() {
        confinement.setId(Ids.RECIPE_CONFINEMENT);
        confinement.setWrapText(true);
        confinementWhy.setWrapText(true);
        confinementWhy.getStyleClass().add("ns-explain");
        confinementWhy.managedProperty().bind(confinementWhy.textProperty().isNotEmpty());
        hostRoot.setWrapText(true);
        hostRoot.setId(Ids.HOST_ROOT_TOGGLE);
        hostRootWarning.getStyleClass().add("host-root-warning");
        hostRootWarning.setWrapText(true);
        hostRootWarning.visibleProperty().bind(hostRoot.selectedProperty());
        hostRootWarning.managedProperty().bind(hostRoot.selectedProperty());
        Label title = Headings.section("recipe.safety");
        return List.of(title, confinement, confinementWhy, hostRoot, hostRootWarning);
    }

    /**
     * What the helper says root in this recipe's container could do to the host, or, when it
     * refuses the recipe as it stands, why (REFUSAL; HOW is null then).
     */
    public void setConfinement(Confinement how, String refusal) {
        confinement.getStyleClass().removeAll("confinement", "contained", "caller", "host-root");
        if (how == null) {
            confinement.setText(Texts.get("confinement.unknown", refusal == null ? "" : refusal));
            confinementWhy.setText("");
            return;
        }
        confinement.getStyleClass().addAll("confinement", how.level());
        confinement.setText(how.headline());
        confinementWhy.setText(how.because());
    }

    private TextField field(String name, String id, String value, String example) {
        TextField field = new TextField(value);
        field.setId(id);
        // A short example only: a prompt is clipped, never wrapped, and the projector's column is narrow.
        field.setPromptText(example.isEmpty() ? "" : Texts.get("recipe.placeholder.example", example));
        fields.put(name, field);
        field.textProperty().addListener((o, was, now) -> clearFault());
        return field;
    }

    /** What a limit left empty gives: the helper's default (memory, pids) or none (cpus). */
    private static Label whenEmpty(String limit) {
        Label said = new Label(Texts.get("recipe.empty." + limit));
        said.getStyleClass().add("ns-explain");
        said.setWrapText(true);
        return said;
    }

    /** The name typed for the next container, or null for the next default name. */
    public String containerName() {
        String name = fields.get("name").getText().strip();
        return name.isEmpty() ? null : name;
    }

    /** After a launch: the name field empties and proposes NEXT, the default the next launch takes. */
    public void nameLaunched(String next) {
        fields.get("name").clear();
        fields.get("name").setPromptText(next);
    }

    /** The recipe as it stands; the helper validates it (and says which field is wrong). */
    public Recipe recipe() {
        Set<Namespace> namespaces = EnumSet.noneOf(Namespace.class);
        toggles.forEach((type, toggle) -> {
            if (toggle.isSelected()) {
                namespaces.add(type);
            }
        });
        String pids = fields.get("pids").getText().trim();
        Long pidLimit;
        try {
            pidLimit = pids.isEmpty() ? null : Long.valueOf(pids);
        } catch (NumberFormatException e) {
            pidLimit = -1L; // the helper refuses it with a clear message
        }
        String dir = rootfs.getSelectionModel().getSelectedIndex() <= 0 ? null : rootfs.getValue();
        Set<String> chosenMounts = mounts.entrySet().stream().filter(e -> e.getValue().isSelected())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<String> command = CommandLine.split(fields.get("command").getText());
        boolean mnt = namespaces.contains(Namespace.MNT);
        return Recipe.builder().rootfs(dir).namespaces(namespaces).hostname(fields.get("hostname").getText().trim())
                .memory(fields.get("memory").getText().trim()).cpus(fields.get("cpus").getText().trim())
                .pids(pidLimit).mounts(mnt ? chosenMounts : Set.of())
                .rootSwitch(mnt ? (pivot.isSelected() ? "pivot" : "chroot") : null).command(command)
                .terminal(terminalToggle.isSelected()).network(network.value()).hostRoot(hostRoot.isSelected())
                .build();
    }

    /** Running containers, for sharing their namespaces. */
    public void setRunningContainers(List<ContainerModel> running) {
        network.setRunning(running);
    }

    /** Stored root filesystems (their paths) and layers, as the helper lists them. */
    public void setStored(List<String> rootfsPaths, List<String> layerNames) {
        String chosen = rootfs.getValue();
        List<String> recent = recentRootfs().stream().filter(r -> !rootfsPaths.contains(r)).toList();
        rootfs.getItems().setAll(Texts.get("recipe.rootfs.builtin"));
        rootfsPaths.stream().filter(p -> !p.endsWith("/default")).forEach(rootfs.getItems()::add);
        rootfs.getItems().addAll(recent);
        rootfs.setValue(rootfs.getItems().contains(chosen) ? chosen : rootfs.getItems().get(0));
        network.setLayers(layerNames);
    }

    /** Chooses the rootfs at PATH (the rootfs manager's "use"). */
    public void useRootfs(String path) {
        if (!rootfs.getItems().contains(path)) {
            rootfs.getItems().add(1, path);
        }
        rootfs.setValue(path);
    }

    /** Rootfs directories used before, newest first (kept in the settings). */
    public void setRecentRootfs(List<String> recent) {
        rootfs.getItems().setAll(Texts.get("recipe.rootfs.builtin"));
        rootfs.getItems().addAll(recent);
        rootfs.getSelectionModel().select(0);
    }

    /** The directories chosen by hand (stored root filesystems are listed by the helper). */
    public List<String> recentRootfs() {
        return rootfs.getItems().subList(1, rootfs.getItems().size()).stream()
                .filter(p -> !p.contains("/nsx-explorer/rootfs/")).toList();
    }

    private void chooseRootfs() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Texts.get("recipe.rootfs.choose"));
        File dir = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (dir != null) {
            rootfs.getItems().remove(dir.getAbsolutePath());
            rootfs.getItems().add(1, dir.getAbsolutePath());
            while (rootfs.getItems().size() > 6) {
                rootfs.getItems().remove(rootfs.getItems().size() - 1);
            }
            rootfs.getSelectionModel().select(1);
        }
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

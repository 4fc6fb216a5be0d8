package org.nsexplorer.app.rootfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.nsexplorer.app.helper.HelperClient.RootfsSource;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.ui.Headings;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The root filesystem manager: what the helper keeps (root filesystems and kept layers),
 * and making new ones (import a tarball, busybox, debootstrap, chosen host programs),
 * packing one into an archive, checking one, removing one. Long work shows a progress bar
 * and can be cancelled.
 */
public final class RootfsView extends VBox {
    private final HelperClient helper;
    private final ListView<Stored> list = new ListView<>();
    private final ProgramLibrariesView libraries = new ProgramLibrariesView();
    private final TextField name = new TextField();
    private final TextField programs = new TextField("sh ls ps cat hostname ip");
    private final Button busybox = new Button(Texts.get("rootfs.busybox"));
    private final Button debootstrap = new Button(Texts.get("rootfs.debootstrap"));
    private final ProgressBar progress = new ProgressBar(0);
    private final Label step = new Label();
    private final Button cancel = new Button(Texts.get("rootfs.cancel"));
    private final Label result = new Label();
    private final HBox progressRow;
    private BiConsumer<List<String>, List<String>> onStoredChanged = (rootfs, layers) -> { };
    private Consumer<String> onUse = path -> { };
    private HelperClient.Job running;
    /** The rootfs just made: chosen in the list when it appears, so its programs show at once. */
    private String justMade;

    public RootfsView(HelperClient helper) {
        this.helper = helper;
        getStyleClass().add("rootfs-view");
        list.setId(Ids.ROOTFS_LIST);
        list.getStyleClass().add("rootfs-list");
        list.setPrefHeight(240);
        // Name and kind, then the path on a line of its own: a long path wraps, it never scrolls sideways.
        list.setCellFactory(v -> new ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(list.widthProperty().subtract(40));
                setMaxWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(Stored item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : Texts.get("rootfs.row", item.name(),
                        Texts.get("rootfs.kind." + item.kind()), item.path()));
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> libraries.show(now));
        name.setPromptText(Texts.get("rootfs.name"));
        name.setId("rootfs-name");
        programs.setId("rootfs-programs");
        programs.setMaxWidth(Double.MAX_VALUE);
        Button importArchive = button("rootfs.import", "rootfs-import", this::importArchive);
        busybox.setId("rootfs-busybox");
        busybox.setOnAction(e -> make(RootfsSource.busybox()));
        debootstrap.setId("rootfs-debootstrap");
        debootstrap.setOnAction(e -> make(RootfsSource.debootstrap(null)));
        Button build = button("rootfs.build", "rootfs-build", () -> make(RootfsSource.programs(
                List.of(programs.getText().trim().split("\\s+")).stream().filter(p -> !p.isEmpty()).toList())));
        Button export = button("rootfs.export", "rootfs-export", this::export);
        Button check = button("rootfs.check", "rootfs-check", this::check);
        Button use = button("rootfs.use", "rootfs-use", () -> selected(s -> onUse.accept(s.path())));
        Button remove = button("rootfs.remove", "rootfs-remove", () -> selected(s -> simple(helper
                .rootfsRemove(s.name()), Texts.get("rootfs.removed", s.name()))));
        progress.setId(Ids.ROOTFS_PROGRESS);
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        cancel.setId("rootfs-cancel");
        cancel.setOnAction(e -> {
            if (running != null) {
                helper.cancel(running);
            }
        });
        step.getStyleClass().add("rootfs-step");
        step.setWrapText(true); // a package's name can be long: the sentence wraps, never "…"
        progressRow = new HBox(8, progress, cancel);
        showProgress(false);
        result.setWrapText(true);
        result.getStyleClass().add("rootfs-result");
        Label makeTitle = Headings.section("rootfs.make");
        Label storedTitle = Headings.section("rootfs.stored");
        Label nameLabel = new Label(Texts.get("rootfs.nameLabel"));
        nameLabel.setMinWidth(Region.USE_PREF_SIZE);
        // Two columns: what is kept, and making more; the job's progress and answer above both.
        VBox stored = new VBox(6, storedTitle, list, new FlowPane(8, 6, use, check, export, remove));
        VBox making = new VBox(6, makeTitle, new HBox(8, nameLabel, name),
                new VBox(6, importArchive, busybox, debootstrap), build, programs);
        // One under the other, as wide as the column: a long name ("Importar un archivo tar…") wraps.
        for (Button b : List.of(importArchive, busybox, debootstrap, build)) {
            b.setWrapText(true);
            b.setMaxWidth(Double.MAX_VALUE);
        }
        HBox.setHgrow(stored, Priority.ALWAYS);
        VBox.setVgrow(stored, Priority.ALWAYS);
        stored.setPrefWidth(420);
        making.setPrefWidth(360);
        HBox columns = new HBox(16);
        VBox.setVgrow(columns, Priority.ALWAYS);
        VBox stacked = new VBox(12);
        VBox.setVgrow(stacked, Priority.ALWAYS);
        // Side by side where both fit, one under the other on a narrow page (a projector at 125 %
        // beside the recipe or a lesson): a column of Spanish buttons never runs past the window.
        Runnable arrange = () -> {
            boolean side = getWidth() <= 0 || getWidth() >= stored.getPrefWidth() + 16 + making.getPrefWidth()
                    + snappedLeftInset() + snappedRightInset();
            Pane holder = side ? columns : stacked;
            if (stored.getParent() != holder) {
                holder.getChildren().setAll(stored, making);
                getChildren().set(getChildren().indexOf(side ? stacked : columns), holder);
            }
        };
        widthProperty().addListener((o, was, now) -> arrange.run());
        // Full width below both columns: a library's path is long, and it wraps rather than being cut.
        getChildren().addAll(progressRow, step, result, stacked, libraries);
        arrange.run();
    }

    private Button button(String key, String id, Runnable action) {
        Button b = new Button(Texts.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Told the stored root filesystems' paths and the layers' names whenever they change. */
    public void setOnStoredChanged(BiConsumer<List<String>, List<String>> action) {
        this.onStoredChanged = action;
    }

    /** "Use in the recipe": the chosen rootfs' path. */
    public void setOnUse(Consumer<String> action) {
        this.onUse = action;
    }

    /** On the FX thread: chooses the stored rootfs NAME once listed, with its programs in sight (a lesson shows it). */
    public void showStored(String name) {
        justMade = name;
        refresh();
    }

    /** Asks the helper for the list; call from any thread. */
    public void refresh() {
        helper.rootfsList().thenAccept(answer -> Platform.runLater(() -> showList(answer)));
    }

    private void showList(JsonNode answer) {
        if (!"rootfsList".equals(answer.path("type").asText())) {
            return;
        }
        List<Stored> items = Stored.listed(answer);
        List<String> rootfsPaths = items.stream().filter(i -> i.kind().equals("rootfs")).map(Stored::path).toList();
        List<String> layers = items.stream().filter(i -> i.kind().equals("layer")).map(Stored::name).toList();
        Stored chosen = list.getSelectionModel().getSelectedItem();
        list.getItems().setAll(items);
        // Keep the choice across refreshes (the new item may carry more), or choose what was just made.
        // (An older answer may still lack what was just made: it is chosen from the first list that has it.)
        boolean made = items.stream().anyMatch(i -> i.kind().equals("rootfs") && i.name().equals(justMade));
        String kind = made ? "rootfs" : chosen == null ? null : chosen.kind();
        String name = made ? justMade : chosen == null ? null : chosen.name();
        if (made) {
            justMade = null;
        }
        items.stream().filter(i -> i.kind().equals(kind) && i.name().equals(name)).findFirst().ifPresent(i -> {
            list.getSelectionModel().select(i);
            list.scrollTo(i);
            if (made && !i.programs().isEmpty()) {
                reveal(libraries);
            }
        });
        busybox.setDisable(!answer.path("busybox").asBoolean());
        busybox.setTooltip(new Tooltip(Texts.get(answer.path("busybox").asBoolean()
                ? "rootfs.busybox.tip" : "rootfs.busybox.missing")));
        debootstrap.setDisable(!answer.path("debootstrap").asBoolean());
        debootstrap.setTooltip(new Tooltip(answer.path("debootstrap").asBoolean()
                ? Texts.get("rootfs.debootstrap.tip", answer.path("defaultSuite").asText(),
                        answer.path("defaultMirror").asText()) : Texts.get("rootfs.debootstrap.missing")));
        onStoredChanged.accept(rootfsPaths, layers);
    }

    /**
     * Scrolls the tab down to NODE (in this view): on a projector the programs of a rootfs just
     * made are below the fold, and they are what the class is to look at.
     */
    private void reveal(Node node) {
        Node n = getParent();
        while (n != null && !(n instanceof ScrollPane)) {
            n = n.getParent();
        }
        if (n instanceof ScrollPane scroll) {
            scroll.applyCss();
            scroll.layout(); // sizes this view for what it now holds
            double hidden = getLayoutBounds().getHeight() - scroll.getViewportBounds().getHeight();
            if (hidden > 0) {
                scroll.setVvalue(Math.min(1, node.getBoundsInParent().getMinY() / hidden));
            }
        }
    }

    private void selected(Consumer<Stored> action) {
        Stored s = list.getSelectionModel().getSelectedItem();
        if (s == null) {
            result.setText(Texts.get("rootfs.chooseFirst"));
        } else {
            action.accept(s);
        }
    }

    private void importArchive() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Texts.get("rootfs.import"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Texts.get("rootfs.archives"), "*.tar",
                "*.tar.gz", "*.tgz", "*.tar.xz", "*.cpio", "*.cpio.gz"));
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            importFile(file.getAbsolutePath());
        }
    }

    /** Imports the archive FILE as the rootfs named in the name field (or after the file). */
    private void importFile(String file) {
        if (name.getText().isBlank()) {
            name.setText(new File(file).getName().replaceAll("(\\.tar)?(\\.gz|\\.xz|\\.tgz|\\.cpio)?$", "")
                    .replaceAll("[^A-Za-z0-9._-]", "-"));
        }
        make(RootfsSource.archive(file));
    }

    private void export() {
        selected(s -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(Texts.get("rootfs.export"));
            chooser.setInitialFileName(s.name() + ".tar.gz");
            File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (file != null) {
                exportTo(s.name(), file.getAbsolutePath());
            }
        });
    }

    /** Packs the stored tree NAME into FILE (format by its name: .tar.gz, .cpio, ...). */
    private void exportTo(String storedName, String file) {
        run(progress -> helper.rootfsExport(storedName, file, progress),
                answer -> Texts.get("rootfs.exported", answer.path("entries").asLong(), answer.path("file").asText()));
    }

    private void check() {
        selected(s -> helper.rootfsCheck(s.path(), null).thenAccept(answer ->
                Platform.runLater(() -> {
                    List<String> problems = new ArrayList<>();
                    HelperWords.problems(answer).forEach(p -> problems.add("• " + p));
                    result.setText(problems.isEmpty() ? Texts.get("rootfs.checkOk", s.name())
                            : String.join("\n", problems));
                })));
    }

    private void make(RootfsSource from) {
        String named = name.getText().trim();
        run(progress -> helper.rootfsMake(named, from, progress), answer -> answer.path("summary").asText());
    }

    /** Starts a job (JOB, given what takes its progress) unless one runs; DONE words its answer. */
    private void run(Function<Consumer<JsonNode>, HelperClient.Job> job, Function<JsonNode, String> done) {
        if (running != null) {
            result.setText(Texts.get("rootfs.busy"));
            return;
        }
        showProgress(true);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        step.setText(Texts.get("rootfs.starting"));
        result.setText("");
        running = job.apply(p -> Platform.runLater(() -> {
            double f = p.path("fraction").asDouble(-1);
            progress.setProgress(f < 0 ? ProgressBar.INDETERMINATE_PROGRESS : f);
            step.setText((f < 0 ? "" : Math.round(f * 100) + " %  ·  ") + ProgressWords.of(p));
        }));
        running.answer().whenComplete((answer, error) -> Platform.runLater(() -> {
            running = null;
            if (error == null && "rootfsMade".equals(answer.path("type").asText())) {
                justMade = answer.path("name").asText();
            }
            showProgress(false);
            step.setText("");
            if (error != null) {
                result.setText(error.getMessage());
            } else if ("error".equals(answer.path("type").asText())) {
                result.setText(HelperWords.of(answer));
            } else {
                result.setText(done.apply(answer));
            }
            refresh();
        }));
    }

    private void simple(CompletableFuture<JsonNode> request, String success) {
        request.whenComplete((answer, error) -> Platform.runLater(() -> {
            result.setText(error != null ? error.getMessage()
                    : "ok".equals(answer.path("type").asText()) ? success : HelperWords.of(answer));
            refresh();
        }));
    }

    private void showProgress(boolean on) {
        progressRow.setVisible(on);
        progressRow.setManaged(on);
    }

    /** Whether a job runs (for tests and the screenshot tour). */
    public boolean busy() {
        return running != null;
    }
}

package org.nsexplorer.app.lessons;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;
import javafx.beans.binding.StringBinding;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.ui.DialogButtons;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.MainView;
import org.nsexplorer.app.ui.Texts;

/**
 * Opens a lesson in the window (from the built-in ones or a file), plays it with the
 * presenter remote's keys, and ends it, leaving nothing of it behind.
 */
public final class LessonController {
    private final MainView view;
    private final HelperClient helper;
    private CompletableFuture<List<Lesson>> builtIns; // null until prepare()
    private final Scene scene;
    private final EventHandler<KeyEvent> presenterKeys = this::presenterKeys;
    private LessonPlayer player;
    private LessonPanel panel;
    private AppLessonContext context;
    private StringBinding tabWatch;

    public LessonController(MainView view, HelperClient helper, Scene scene) {
        this.view = view;
        this.helper = helper;
        this.scene = scene;
        scene.addEventFilter(KeyEvent.KEY_PRESSED, presenterKeys);
    }

    /**
     * Starts reading the built-in lessons, once: off the FX thread, while the class looks at the
     * window, so the chooser opens at once. Called when the window has shown its first frame (a
     * parse on the other core would slow that frame), and by choose() in case it was not yet.
     */
    public synchronized void prepare() {
        if (builtIns == null) {
            builtIns = CompletableFuture.supplyAsync(() -> {
                try {
                    return LessonLibrary.builtIns(Texts.language().locale());
                } catch (LessonFileException e) {
                    throw new CompletionException(e);
                }
            });
        }
    }

    public LessonPlayer player() {
        return player;
    }

    /** On the FX thread: the lessons to choose from, and a lesson file to open (once the built-ins are read). */
    public void choose() {
        prepare();
        builtIns.whenComplete((lessons, error) -> Platform.runLater(() -> {
            if (error != null && error.getCause() instanceof LessonFileException e) {
                refuse(Texts.get("lesson.error.builtIn", e.line(), e.getMessage()));
            } else if (error != null) {
                refuse(Texts.get("lesson.error.builtIn", "?", String.valueOf(error.getCause())));
            } else {
                choose(lessons);
            }
        }));
    }

    private void choose(List<Lesson> lessons) {
        Dialog<Lesson> dialog = new Dialog<>();
        dialog.setTitle(Texts.get("lesson.choose.title"));
        ListView<Lesson> list = new ListView<>();
        list.setId(Ids.LESSON_LIST);
        list.getItems().setAll(lessons);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Lesson item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.title() + "\n" + item.walkthrough());
                setWrapText(true);
            }
        });
        list.setPrefSize(720, 460);
        Button open = new Button(Texts.get("lesson.choose.file"));
        open.setId(Ids.LESSON_OPEN_FILE);
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Texts.get("lesson.choose.files"),
                    "*.yaml", "*.yml"));
            File file = chooser.showOpenDialog(view.getScene().getWindow());
            if (file != null) {
                dialog.setResult(null);
                dialog.close();
                openFile(file.toPath());
            }
        });
        Label caption = new Label(Texts.get("lesson.choose.caption"));
        caption.setWrapText(true);
        // As wide as the list: a wrapping label asks for its whole sentence on one line, and the
        // dialog would open wider than a projector's screen.
        caption.setPrefWidth(720);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        dialog.initOwner(view.getScene().getWindow());
        dialog.getDialogPane().setContent(new VBox(10, caption, list, open));
        dialog.getDialogPane().getStylesheets().addAll(view.getScene().getStylesheets());
        dialog.getDialogPane().setStyle(view.getScene().getRoot().getStyle());
        ButtonType start = new ButtonType(Texts.get("lesson.choose.start"), ButtonType.OK.getButtonData());
        dialog.getDialogPane().getButtonTypes().addAll(start, DialogButtons.cancel());
        dialog.setResultConverter(b -> b == start ? list.getSelectionModel().getSelectedItem() : null);
        list.getSelectionModel().selectFirst();
        dialog.showAndWait().ifPresent(this::start);
    }

    /** On the FX thread: a teacher's lesson file, refused with the line at fault or started untrusted. */
    public void openFile(Path file) {
        try {
            start(LessonLibrary.fromFile(file));
        } catch (LessonFileException e) {
            refuse(Texts.get("lesson.error.file", file, e.line(), e.getMessage()));
        } catch (IOException e) {
            refuse(Texts.get("lesson.error.read", file, e.getMessage()));
        }
    }

    /** On the FX thread: LESSON replaces whatever lesson ran; its panel takes the recipe's column. */
    public LessonPlayer start(Lesson lesson) {
        AppLessonContext before = end();
        context = new AppLessonContext(view, helper.channel(), lesson.trusted(),
                before == null ? CompletableFuture.completedFuture(null) : before.end());
        player = new LessonPlayer(lesson, context, Platform::runLater, this::confirm);
        panel = new LessonPanel(player, this::end);
        view.showLesson(panel, panel.results());
        view.setLanguageChangeable(false);
        panel.takeFocus();
        LessonPanel shown = panel;
        LessonPlayer playing = player;
        StringBinding tab = view.shownTab();
        tabWatch = tab; // held here: a binding only the listener refers to could be collected
        tab.addListener((o, was, now) -> shown.setShownTab(now));
        shown.setShownTab(tab.get());
        player.indexProperty().addListener((o, was, now) -> bringUpView(playing));
        // Once done, the view the step is about comes back (typing brought up the terminal).
        player.recordProperty().addListener((o, was, now) -> {
            if (was.phase() == LessonPlayer.Phase.RUNNING && now.phase() == LessonPlayer.Phase.DONE) {
                bringUpView(playing);
            }
        });
        bringUpView(player);
        return player;
    }

    private void bringUpView(LessonPlayer playing) {
        if (playing != player) {
            return; // a lesson that has ended
        }
        String tab = playing.step().show();
        if (tab != null) {
            view.showTab(tab);
        }
    }

    /** On the FX thread: ends the lesson: its containers stop, its host processes and files go. */
    public AppLessonContext end() {
        AppLessonContext ended = context;
        if (ended != null) {
            ended.end();
        }
        context = null;
        player = null;
        panel = null;
        view.showLesson(null, null);
        view.setLanguageChangeable(true);
        return ended;
    }

    /** Lets go of the window: it is being replaced (a language switch, with no lesson running). */
    public void dispose() {
        scene.removeEventFilter(KeyEvent.KEY_PRESSED, presenterKeys);
    }

    /** A lesson file's host-side actions, in full, for the teacher to allow or not. */
    private CompletableFuture<Boolean> confirm(List<LessonAction> actions) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION);
            ask.setTitle(Texts.get("lesson.confirm.title"));
            ask.setHeaderText(Texts.get("lesson.confirm.header"));
            ask.setContentText(String.join("\n", actions.stream().map(a -> "• " + a.describe()).toList()));
            ask.getDialogPane().setStyle(view.getScene().getRoot().getStyle());
            DialogButtons.okCancel(ask.getDialogPane());
            answer.complete(ask.showAndWait().filter(DialogButtons::isOk).isPresent());
        });
        return answer;
    }

    private void refuse(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, DialogButtons.ok());
        alert.setHeaderText(Texts.get("lesson.error.title"));
        alert.getDialogPane().setStyle(view.getScene().getRoot().getStyle());
        alert.show();
    }

    private static boolean inside(Node node, Node container) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == container) {
                return true;
            }
        }
        return false;
    }

    /**
     * A presenter remote sends PageDown and PageUp (some send B to blank): they always move
     * the lesson. The arrows and B move it only when no text field or terminal has the keys.
     */
    private void presenterKeys(KeyEvent e) {
        if (player == null || e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        Node focus = view.getScene().getFocusOwner();
        boolean typing = focus instanceof TextInputControl || inside(focus, view.terminal());
        KeyCode key = e.getCode();
        if (key == KeyCode.PAGE_DOWN || !typing && key == KeyCode.RIGHT) {
            player.next();
        } else if (key == KeyCode.PAGE_UP || !typing && key == KeyCode.LEFT) {
            player.back();
        } else if (!typing && key == KeyCode.B) {
            panel.toggleBlank();
        } else {
            return;
        }
        e.consume();
    }
}

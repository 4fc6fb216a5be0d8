package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.nsexplorer.app.NamespaceExplorerApp;
import org.nsexplorer.app.containers.Namespace;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, headless (Monocle), with the real helper as root, ready to launch. */
abstract class AppWindowTest extends FxRobot {
    private Application app;

    @BeforeEach
    void startApp() throws Exception {
        // Each test starts from the defaults: no zoom or theme left by another test.
        Files.deleteIfExists(Settings.file());
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(NamespaceExplorerApp.class);
        // The primary stage is shared by every test: one that made it a projector's 1024x768
        // must not leave the next one with a map whose buttons sit below the fold.
        Window window = FxToolkit.toolkitContext().getRegisteredStage();
        interact(() -> {
            window.setWidth(1280);
            window.setHeight(800);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !lookup("#" + Ids.LAUNCH).queryButton().isDisabled());
    }

    /** The window's main view (the scene's root). */
    protected MainView mainView() {
        return (MainView) lookup("#" + Ids.LAUNCH).query().getScene().getRoot();
    }

    /** Clicks the node QUERY finds, scrolling the recipe column first when it is below the fold. */
    protected void clickShown(String query) {
        Node node = lookup(query).query();
        interact(() -> {
            for (Node n = node.getParent(); n != null; n = n.getParent()) {
                if (n instanceof ScrollPane scroll && scroll.getContent() != null) {
                    double y = scroll.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                    double room = scroll.getContent().getLayoutBounds().getHeight()
                            - scroll.getViewportBounds().getHeight();
                    scroll.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, (y - 40) / room)));
                    break;
                }
            }
        });
        clickOn(query);
    }

    /**
     * Switches namespace NS off in the recipe by a click. A loaded CI machine lost that click twice, the tests
     * that use this are about the container without NS, so the box is then unticked directly.
     */
    protected void switchOff(Namespace ns) throws Exception {
        String query = "#" + Ids.namespaceToggle(ns);
        CheckBox box = lookup(query).queryAs(CheckBox.class);
        clickShown(query);
        WaitForAsyncUtils.waitForFxEvents();
        if (box.isSelected()) {
            interact(() -> box.setSelected(false));
        }
        assertFalse(box.isSelected(), ns + " still on");
    }

    /**
     * Opens the lesson whose title holds TITLE from the lessons list, as a teacher does. A click
     * on the dialog's Start button lost on a loaded machine is given again; a dialog gone with
     * no lesson panel fails, said so.
     */
    protected void openLesson(String title) throws Exception {
        clickOn("#" + Ids.LESSONS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_LIST).tryQuery().isPresent());
        ListView<?> list = lookup("#" + Ids.LESSON_LIST).queryListView();
        interact(() -> list.getItems().stream().filter(lesson -> lesson.toString().contains(title)).findFirst()
                .ifPresent(lesson -> list.getSelectionModel().select(list.getItems().indexOf(lesson))));
        assertFalse(list.getSelectionModel().isEmpty(), "no lesson titled " + title);
        String start = Texts.get("lesson.choose.start");
        clickOn(start);
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_PANEL).tryQuery().isPresent());
        } catch (TimeoutException e) {
            Button button = lookup(start).tryQuery().filter(Button.class::isInstance).map(Button.class::cast)
                    .orElseThrow(() -> new AssertionError("the lessons dialog closed and no lesson panel showed"));
            interact(button::fire);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_PANEL).tryQuery().isPresent());
        }
    }

    /** What the terminal's canvas drew, as text (its accessible text is the screen's). */
    protected Supplier<String> terminalScreen() {
        Node canvas = lookup("#" + Ids.TERMINAL_SCREEN).query();
        return () -> String.valueOf(canvas.getAccessibleText());
    }

    /** Waits for the shown shell's root prompt, then types LINE and Enter into the terminal; its screen. */
    protected Supplier<String> typeAtPrompt(String line) throws Exception {
        Supplier<String> screen = terminalScreen();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> screen.get().startsWith("#"));
        clickOn("#" + Ids.TERMINAL);
        write(line);
        type(KeyCode.ENTER);
        return screen;
    }

    /** The list's rows as text, copied on the FX thread (the views change them there every second). */
    protected List<String> lines(String id) throws Exception {
        ListView<?> view = lookup("#" + id).queryListView();
        return WaitForAsyncUtils.asyncFx(() -> view.getItems().stream().map(Object::toString).toList())
                .get(5, TimeUnit.SECONDS);
    }

    /** Waits (20 s at most) for a row of list LIST_ID that WANTED accepts, and says which rows there were. */
    protected void awaitLine(String listId, Predicate<String> wanted) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lines(listId).stream().anyMatch(wanted));
        } catch (TimeoutException e) {
            throw new AssertionError("no such line in " + listId + ": " + lines(listId), e);
        }
    }

    /** The texts of the labels within what SELECTOR finds, a line each, read on the FX thread. */
    protected String labelsIn(String selector) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            StringBuilder out = new StringBuilder();
            for (Node n : lookup(selector).queryAll()) {
                n.lookupAll(".label").forEach(l -> out.append(((Label) l).getText()).append('\n'));
            }
            return out.toString();
        }).get(5, TimeUnit.SECONDS);
    }

    /**
     * Launches a memory hog under a 32M limit (it asks for 256M) and shows the Limits view,
     * where the OOM kill's event comes.
     */
    protected void launchMemoryHogAndShowLimits() {
        TextField memory = lookup("#" + Ids.MEMORY_FIELD).queryAs(TextField.class);
        TextField command = lookup("#" + Ids.COMMAND_FIELD).queryAs(TextField.class);
        interact(() -> {
            memory.setText("32M");
            command.setText("/bin/sh -c 'head -c 256M /dev/zero | tail'");
        });
        clickOn("#" + Ids.LAUNCH);
        showTab("limits");
    }

    /** Shows view KEY ("limits", "netmap"...) as its button or segment would. */
    protected void showTab(String key) {
        interact(() -> mainView().showTab(key));
    }

    @AfterEach
    void stopApp() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
    }
}

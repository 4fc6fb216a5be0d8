package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A lesson as a teacher runs it in the window: chosen from the list, checked before and
 * after "Do it for me", moved with the presenter remote's keys, and ended.
 */
class LessonWindowTest extends AppWindowTest {
    @Test
    void aStepChecksFalseBeforeItIsDoneAndTrueAfter() throws Exception {
        openLesson("run and child");
        BorderPane main = (BorderPane) lookup("#" + Ids.LESSON_PANEL).query().getParent();
        assertEquals(Ids.LESSON_PANEL, main.getLeft().getId(), "the lesson takes the recipe's column");
        assertTrue(labelsIn("#" + Ids.LESSON_PANEL).contains("Step 1 of 5"));

        clickOn("#" + Ids.LESSON_CHECK); // nothing launched yet: the kernel says no
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.LESSON_RESULTS).contains("✗"));
        assertFalse(labelsIn("#" + Ids.LESSON_RESULTS).contains("✓"), labelsIn("#" + Ids.LESSON_RESULTS));

        clickOn("#" + Ids.LESSON_DO);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            String results = labelsIn("#" + Ids.LESSON_RESULTS);
            return results.contains("✓") && !results.contains("✗") && !results.contains("…");
        });
        String results = labelsIn("#" + Ids.LESSON_RESULTS);
        assertTrue(results.contains("uts is called “child”"), results);
        assertTrue(labelsIn("#" + Ids.LESSON_PANEL).contains("✓ B)"), "the prediction's answer shows once done");
    }

    @Test
    void thePresenterKeysMoveAndBlankTheLessonAndEndRestoresTheRecipe() throws Exception {
        openLesson("Copy bash");
        // The window back in front after the lessons dialog (Monocle leaves the keyboard with no window).
        interact(() -> ((Stage) lookup("#" + Ids.LAUNCH).query().getScene().getWindow()).requestFocus());
        clickOn("#" + Ids.LESSON_STEP); // the focus on the lesson, not in a text field
        type(KeyCode.PAGE_DOWN);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.LESSON_PANEL).contains("Step 2 of 4"));
        type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.LESSON_PANEL).contains("Step 3 of 4"));
        type(KeyCode.PAGE_UP);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.LESSON_PANEL).contains("Step 2 of 4"));
        Node step = lookup("#" + Ids.LESSON_STEP).query();
        type(KeyCode.B);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !step.getParent().getParent().getParent().isVisible()
                || !visible(step));
        type(KeyCode.B);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible(step));

        clickOn("#" + Ids.LESSON_END);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_PANEL).tryQuery().isEmpty());
        assertNull(lookup("#" + Ids.LESSON_RESULTS).tryQuery().filter(Node::isVisible).orElse(null));
        Button launch = lookup("#" + Ids.LAUNCH).queryButton();
        assertFalse(launch.isDisabled());
        assertTrue(lookup("#" + Ids.HOSTNAME_FIELD).tryQuery().isPresent(), "the recipe is back");
    }

    @Test
    void atProjectorSizeNothingOfTheLessonOrTheHeaderIsCutOrSmall() throws Exception {
        interact(() -> {
            Window window = lookup("#" + Ids.LAUNCH).query().getScene().getWindow();
            window.setWidth(1024);
            window.setHeight(768);
        });
        press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL); // 125 %
        openLesson("run and child");
        clickOn("#" + Ids.LESSON_DO);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.LESSON_RESULTS).contains("✓")
                && !labelsIn("#" + Ids.LESSON_RESULTS).contains("…"));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> faults = WaitForAsyncUtils.asyncFx(() -> {
            double right = lookup("#" + Ids.LAUNCH).query().getScene().getWidth();
            List<String> found = new ArrayList<>();
            List<Labeled> shown = new ArrayList<>();
            for (String id : new String[] {Ids.LAUNCH, Ids.STOP, Ids.LESSONS, Ids.RECIPE_TOGGLE, Ids.THEME}) {
                shown.add(lookup("#" + id).queryAs(Labeled.class));
            }
            for (String where : new String[] {"#" + Ids.LESSON_PANEL, "#" + Ids.LESSON_RESULTS}) {
                lookup(where).query().lookupAll(".label").forEach(n -> shown.add((Label) n));
                lookup(where).query().lookupAll(".button").forEach(n -> shown.add((Button) n));
            }
            for (Labeled label : shown) {
                if (!visible(label) || label.getText() == null || label.getText().isEmpty()) {
                    continue;
                }
                Text drawn = (Text) label.lookup(".text");
                if (drawn == null || !drawn.getText().equals(label.getText())) {
                    found.add("cut: " + label.getText() + " drawn as " + (drawn == null ? null : drawn.getText()));
                }
                double maxX = label.localToScene(label.getLayoutBounds()).getMaxX();
                if (maxX > right + 0.5) {
                    found.add("past the window's edge (" + maxX + " > " + right + "): " + label.getText());
                }
                if (label.getFont().getSize() < 17.95) {
                    found.add(label.getFont().getSize() + " px: " + label.getText());
                }
            }
            return found;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), faults);
    }

    private static boolean visible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}

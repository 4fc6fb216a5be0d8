package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ToggleButton;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The side-by-side views on a projector (1024x768 at 125 %), with the real helper: no row
 * needs a sideways scroll, the container's processes show in the host's tree without
 * scrolling, and one Differences only switch drives the three views that have it.
 */
class DifferencesWindowTest extends AppWindowTest {
    private static final List<String> TABS = List.of("processes", "mounts", "network", "users", "ipc");

    private void projector(boolean recipeShown) {
        Window window = FxToolkit.toolkitContext().getRegisteredStage();
        interact(() -> {
            window.setWidth(1024);
            window.setHeight(768);
            window.getScene().getRoot().setStyle("-fx-font-size: 22.5px;"); // what the 125 % zoom sets
            ToggleButton recipe = lookup("#" + Ids.RECIPE_TOGGLE).query();
            if (recipe.isSelected() != recipeShown) {
                recipe.fire();
            }
        });
    }

    @Override
    protected void showTab(String key) {
        super.showTab(key);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Every visible list of the shown tab: none has a horizontal scroll bar showing. */
    private void assertNoSidewaysScroll(String tab) throws Exception {
        List<String> scrolling = WaitForAsyncUtils.asyncFx(() -> lookup(".list-view").queryAllAs(ListView.class)
                .stream().filter(Node::isVisible).filter(v -> v.getScene() != null && v.localToScene(v
                        .getBoundsInLocal()).getWidth() > 0 && isShowing(v))
                .filter(v -> v.lookupAll(".scroll-bar").stream().anyMatch(b -> b instanceof ScrollBar s
                        && s.getOrientation() == Orientation.HORIZONTAL && s.isVisible()))
                .map(v -> String.valueOf(v.getId())).toList()).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), scrolling, "lists that scroll sideways in the " + tab + " tab");
    }

    private static boolean isShowing(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void onAProjectorNothingScrollsSidewaysAndTheContainerIsInSight() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        for (boolean recipeShown : List.of(false, true)) {
            projector(recipeShown);
            for (boolean differences : List.of(true, false)) {
                interact(() -> lookup("#" + Ids.differencesToggle("processes")).queryAs(CheckBox.class)
                        .setSelected(differences));
                for (String tab : TABS) {
                    showTab(tab);
                    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !lookup("#" + Ids.CONTAINER_PROCESSES)
                            .queryListView().getItems().isEmpty());
                    Thread.sleep(300); // a layout pass with the latest rows
                    WaitForAsyncUtils.waitForFxEvents();
                    assertNoSidewaysScroll(tab + (recipeShown ? " beside the recipe" : "")
                            + (differences ? ", differences only" : ""));
                }
            }
        }
        // Differences only, recipe hidden: the container's first process is a row on screen in the host's tree.
        projector(false);
        interact(() -> lookup("#" + Ids.differencesToggle("mounts")).queryAs(CheckBox.class).setSelected(true));
        showTab("processes");
        ListView<?> host = lookup("#" + Ids.HOST_PROCESSES).queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> host.lookupAll(
                ".list-cell").stream().anyMatch(c -> c instanceof ListCell<?> cell && cell.getText() != null
                        && cell.getText().contains("[PID 1 inside]") && inside(cell, host))).get());
    }

    private static boolean inside(Node cell, Node list) {
        Bounds c = cell.localToScene(cell.getBoundsInLocal());
        Bounds l = list.localToScene(list.getBoundsInLocal());
        return c.getMinY() >= l.getMinY() && c.getMaxY() <= l.getMaxY() && c.getHeight() > 0;
    }

    /** One switch: turned off in the mounts view, it is off in the processes and network views; users and IPC have none. */
    @Test
    void oneSwitchForProcessesMountsAndInterfaces() throws Exception {
        CheckBox processes = lookup("#" + Ids.differencesToggle("processes")).queryAs(CheckBox.class);
        CheckBox mounts = lookup("#" + Ids.differencesToggle("mounts")).queryAs(CheckBox.class);
        CheckBox network = lookup("#" + Ids.differencesToggle("network")).queryAs(CheckBox.class);
        assertTrue(processes.isSelected() && mounts.isSelected() && network.isSelected(), "on by default");
        interact(() -> mounts.setSelected(false));
        assertFalse(processes.isSelected() || network.isSelected());
        interact(() -> network.setSelected(true));
        assertTrue(processes.isSelected() && mounts.isSelected());
        assertNull(lookup("#" + Ids.differencesToggle("users")).tryQuery().orElse(null));
        assertNull(lookup("#" + Ids.differencesToggle("ipc")).tryQuery().orElse(null));
    }
}

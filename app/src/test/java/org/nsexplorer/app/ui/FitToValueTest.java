package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.support.OnFx.onFx;

import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The selector's way (WHOLE): as wide as the container on screen, not as the longest name in its
 * list. A long one there (a lesson's, a container others made) once widened it at 1024 px until
 * the status beside it wrapped onto three lines and the bottom bar took the views' room.
 */
class FitToValueTest extends FxRobot {
    private static final String SHOWN = "otter-2 · running";
    private static final String LONG_IN_LIST = "web (docker) · a container made by others, still starting up";

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aLongNameInTheListLeavesTheBoxAtItsValuesWidthAndTheStatusOnOneLine() throws Exception {
        ComboBox<String> box = new ComboBox<>();
        Label status = new Label("Helper ready (cgroup v1).");
        Label oneLine = new Label("Helper ready (cgroup v1).");
        HBox bar = new HBox(10, new Label("Showing:"), box, status);
        onFx(() -> {
            box.getItems().addAll(SHOWN, LONG_IN_LIST);
            box.setValue(SHOWN);
            FitToValue.fit(box, null, text -> text, "none yet", true);
            status.setWrapText(true);
            status.setMinHeight(Region.USE_PREF_SIZE);
            status.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(status, Priority.ALWAYS);
            bar.setStyle("-fx-font-size: 22px;");
            Scene scene = new Scene(new VBox(bar, oneLine), 1024, 200);
            oneLine.setStyle("-fx-font-size: 22px;");
            Stage stage = (Stage) FxToolkit.toolkitContext().getRegisteredStage();
            stage.setScene(scene);
            stage.setWidth(1024);
            stage.setHeight(200);
            stage.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        double boxWidth = onFx(box::getWidth);
        double longText = onFx(() -> TextWidth.of(LONG_IN_LIST, box.getButtonCell().getFont()));
        assertTrue(boxWidth < longText, "the box is " + boxWidth + " px wide: as wide as the longest name in its list ("
                + longText + " px), not as its value");
        double statusHeight = onFx(status::getHeight);
        double lineHeight = onFx(oneLine::getHeight);
        assertTrue(statusHeight < 1.5 * lineHeight, "the status took " + statusHeight + " px, one line is " + lineHeight);
    }
}

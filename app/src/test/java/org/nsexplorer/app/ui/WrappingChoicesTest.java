package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.support.OnFx.onFx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A wrapped choice in a column as narrow as the recipe's at projector zoom, with the app's
 * stylesheet: whole after every change a class makes (zoom, theme, a narrower window, another
 * choice), each one laid out in pulses of its own, as the theme switch is.
 */
class WrappingChoicesTest extends FxRobot {
    private static final String LONG = "Built-in (the host's own programs)";

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aLongChoiceStaysWholeThroughZoomThemeAndWidth() throws Exception {
        ComboBox<String> combo = new ComboBox<>();
        VBox column = new VBox(combo);
        // As the recipe's column: in a scroll pane beside the views, which only its own changes lay out.
        ScrollPane scroll = new ScrollPane(column);
        BorderPane window = new BorderPane(new Label("views"));
        onFx(() -> {
            combo.getItems().addAll("Short", LONG);
            combo.setMaxWidth(Double.MAX_VALUE);
            WrappingChoices.wrap(combo);
            combo.getSelectionModel().select(LONG);
            column.setStyle(font(18));
            scroll.setFitToWidth(true);
            scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
            scroll.setPrefViewportWidth(245);
            window.setLeft(scroll);
            Scene scene = new Scene(window, 500, 400);
            scene.getStylesheets().add(WrappingChoices.class.getResource("/org/nsexplorer/app/nsx.css")
                    .toExternalForm());
            Stage stage = (Stage) FxToolkit.toolkitContext().getRegisteredStage();
            stage.setScene(scene);
            stage.setWidth(500);
            stage.setHeight(400);
            stage.show();
            return null;
        });
        List<String> findings = new ArrayList<>();
        audit(column, "100 %", findings);
        double oneLine = onFx(() -> combo.getHeight());
        change(() -> column.setStyle(font(22.5)), column, "125 %", findings);
        double wrapped = onFx(() -> combo.getHeight());
        assertTrue(wrapped > oneLine * 1.5, "at 125 % the choice takes two lines: " + oneLine + " -> " + wrapped);
        change(() -> column.getStyleClass().add("dark"), column, "125 % dark", findings);
        change(() -> scroll.setPrefViewportWidth(200), column, "125 % dark, a narrower column", findings);
        change(() -> combo.getSelectionModel().select("Short"), column, "a short choice", findings);
        double shortHeight = onFx(() -> combo.getHeight());
        assertTrue(shortHeight < wrapped, "a short choice takes one line again: " + shortHeight);
        change(() -> combo.getSelectionModel().select(LONG), column, "the long choice again", findings);
        change(() -> column.getStyleClass().remove("dark"), column, "125 % light", findings);
        assertEquals("", String.join("\n", findings), "cut choices");
    }

    private static String font(double px) {
        return String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", px);
    }

    /** Makes one CHANGE on the FX thread, lets it be laid out, then audits. */
    private void change(Runnable change, VBox column, String where, List<String> findings) throws Exception {
        onFx(() -> {
            change.run();
            return null;
        });
        audit(column, where, findings);
    }

    private void audit(VBox column, String where, List<String> findings) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents(); // a least height set in a layout is laid out at the next pulse
        findings.addAll(onFx(() -> new LayoutAudit(0).check(column.getScene().getRoot(), where)));
    }
}

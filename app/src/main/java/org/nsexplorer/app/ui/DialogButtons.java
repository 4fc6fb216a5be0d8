package org.nsexplorer.app.ui;

import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;

/**
 * OK and Cancel in the window's language: JavaFX's own ButtonType.OK and CANCEL speak the
 * language the JVM started in, not the one the teacher chose.
 */
public final class DialogButtons {
    private DialogButtons() {
    }

    public static ButtonType ok() {
        return new ButtonType(Texts.get("button.ok"), ButtonData.OK_DONE);
    }

    public static ButtonType cancel() {
        return new ButtonType(Texts.get("button.cancel"), ButtonData.CANCEL_CLOSE);
    }

    /** PANE's buttons: OK and Cancel, in the window's language. */
    public static void okCancel(DialogPane pane) {
        pane.getButtonTypes().setAll(ok(), cancel());
    }

    /** Whether BUTTON is the dialog's OK (whichever language said it). */
    public static boolean isOk(ButtonType button) {
        return button != null && button.getButtonData() == ButtonData.OK_DONE;
    }
}

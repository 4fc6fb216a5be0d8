package org.nsexplorer.app.ui;

import javafx.beans.InvalidationListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.layout.Region;

/**
 * Choice boxes whose long choices wrap onto a second line instead of ending in "...": the
 * recipe column is narrow at projector size and "Isolated: only lo, d..." tells a class nothing.
 */
public final class WrappingChoices {
    private WrappingChoices() {
    }

    /** COMBO draws its choice, and every line of its list, whole, through its converter. */
    public static <T> void wrap(ComboBox<T> combo) {
        combo.setCellFactory(list -> cell(combo));
        ListCell<T> shown = cell(combo);
        combo.setButtonCell(shown);
        // A combo box asks its cell for one line's height: once the cell has its width, as many
        // lines as the wrapped choice takes.
        InvalidationListener fit = o -> combo.setMinHeight(shown.getWidth() <= 0 ? Region.USE_COMPUTED_SIZE
                : Math.ceil(shown.prefHeight(shown.getWidth()) + combo.snappedTopInset()
                        + combo.snappedBottomInset()));
        shown.widthProperty().addListener(fit);
        shown.textProperty().addListener(fit);
        shown.fontProperty().addListener(fit);
    }

    private static <T> ListCell<T> cell(ComboBox<T> combo) {
        ListCell<T> cell = new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : combo.getConverter().toString(item));
            }
        };
        cell.setWrapText(true);
        return cell;
    }
}

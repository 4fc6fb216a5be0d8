package org.nsexplorer.app.ui;

import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.text.Text;

/**
 * A choice box sized by the value on screen rather than by the widest of its list: either
 * never narrower than that value, whole (the selector), or preferring that width and giving
 * way where room is short (a long name among the choices must not push a row off the
 * window). Its button cell is replaced by one that shows TEXT_OF the value.
 */
public final class FitToValue {
    private FitToValue() {
    }

    /**
     * Fits BOX to its value, or PROMPT with none, as TEXT_OF words it; CELL draws the value
     * (null: a plain one). WHOLE: never narrower than it; else as wide as it where there is room,
     * its text cut rather than its row pushed past the window where there is not.
     */
    public static <T> void fit(ComboBox<T> box, ListCell<T> cell, Function<T, String> textOf, String prompt,
            boolean whole) {
        ListCell<T> shown = cell != null ? cell : new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : textOf.apply(item));
            }
        };
        box.setButtonCell(shown);
        InvalidationListener fit = o -> {
            T value = box.getValue();
            Text measured = new Text(value == null ? prompt : textOf.apply(value));
            measured.setFont(shown.getFont());
            double width = Math.ceil(measured.getLayoutBounds().getWidth() + 4 * shown.getFont().getSize());
            if (whole) {
                box.setMinWidth(width); // its preferred width stays the skin's: the window measured with it
            } else {
                box.setMinWidth(0);
                box.setPrefWidth(width);
            }
        };
        box.valueProperty().addListener(fit);
        shown.fontProperty().addListener(fit);
        shown.textProperty().addListener(fit);
        fit.invalidated(null);
    }
}

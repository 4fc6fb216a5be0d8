package org.nsexplorer.app.ui;

import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;

/**
 * A choice box sized by the value on screen rather than by the widest of its list: either
 * as wide as that value and never narrower, whole (the selector), or preferring that width and giving
 * way where room is short (a long name among the choices must not push a row off the
 * window). Its button cell is replaced by one that shows TEXT_OF the value.
 */
public final class FitToValue {
    private FitToValue() {
    }

    /**
     * Fits BOX to its value, or PROMPT with none, as TEXT_OF words it; CELL draws the value
     * (null: a plain one). WHOLE: as wide as it, never narrower; else as wide as it where there is room,
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
            double width = Math.ceil(TextWidth.of(value == null ? prompt : textOf.apply(value), shown.getFont())
                    + 4 * shown.getFont().getSize());
            // Never the skin's preferred width, the longest name in the list: a long one there would
            // take the room of what stands beside the box.
            box.setMinWidth(whole ? width : 0);
            box.setPrefWidth(width);
        };
        box.valueProperty().addListener(fit);
        shown.fontProperty().addListener(fit);
        shown.textProperty().addListener(fit);
        fit.invalidated(null);
    }
}

package org.nsexplorer.app.ui;

import javafx.application.Platform;
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
        combo.setCellFactory(list -> new WrappingCell<>(combo, false));
        combo.setButtonCell(new WrappingCell<>(combo, true));
    }

    /** A cell that wraps its choice; the combo's own (SHOWN) also gives the combo its height. */
    private static final class WrappingCell<T> extends ListCell<T> {
        private final ComboBox<T> combo;
        private final boolean shown;

        WrappingCell(ComboBox<T> combo, boolean shown) {
            this.combo = combo;
            this.shown = shown;
            setWrapText(true);
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : combo.getConverter().toString(item));
        }

        /**
         * A combo box asks its cell for one line's height: once laid out at its width, font and
         * text, the cell sets the combo's least height to as many lines as its choice takes.
         * Measured at every layout, when width, font and text are final, and set after the
         * pulse: a least height set inside a layout pass asks for a layout that pass drops, and
         * the choice stayed cut until something else moved (a theme switch at 125 %, in CI).
         */
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (!shown) {
                return;
            }
            double width = getWidth();
            double height = width <= 0 ? Region.USE_COMPUTED_SIZE
                    : Math.ceil(prefHeight(width) + combo.snappedTopInset() + combo.snappedBottomInset());
            if (combo.getMinHeight() != height) {
                Platform.runLater(() -> combo.setMinHeight(height));
            }
        }
    }
}

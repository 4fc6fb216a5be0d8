package org.nsexplorer.app.ui;

import javafx.beans.InvalidationListener;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * A wrapping label that gives way down to its longest word and no further: squeezed in a row,
 * it wraps between "nsx5830-3" and its address, or "(cgroup" and "v1).", never inside a word.
 */
public final class WholeWords {
    private WholeWords() {
    }

    public static void keep(Labeled label) {
        InvalidationListener fit = o -> label.setMinWidth(Math.ceil(longestWord(label) + label.snappedLeftInset()
                + label.snappedRightInset()) + 1);
        label.fontProperty().addListener(fit);
        label.textProperty().addListener(fit);
        label.paddingProperty().addListener(fit);
        fit.invalidated(null);
    }

    /** The width of LABEL's widest word in its font. */
    static double longestWord(Labeled label) {
        double widest = 0;
        String text = label.getText() == null ? "" : label.getText();
        for (String word : text.split("\\s+")) {
            Text measured = new Text(word);
            measured.setFont(label.getFont());
            widest = Math.max(widest, measured.getLayoutBounds().getWidth());
        }
        return widest;
    }
}

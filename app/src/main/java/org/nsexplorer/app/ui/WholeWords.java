package org.nsexplorer.app.ui;

import javafx.beans.InvalidationListener;
import javafx.scene.control.Labeled;

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
            widest = Math.max(widest, TextWidth.of(word, label.getFont()));
        }
        return widest;
    }
}

package org.nsexplorer.app.ui;

import javafx.scene.control.Label;

/** A section's heading in a column: bold, and wrapped rather than cut when the column is narrow. */
public final class Headings {
    private Headings() {
    }

    /** The heading for the bundle text under KEY. */
    public static Label section(String key) {
        Label label = new Label(Texts.get(key));
        label.getStyleClass().add("section");
        label.setWrapText(true);
        return label;
    }
}

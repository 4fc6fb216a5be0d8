package org.nsexplorer.app.ui;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** How wide a text is drawn in a font: what a control asks for its words. */
final class TextWidth {
    private TextWidth() {
    }

    static double of(String text, Font font) {
        Text measured = new Text(text);
        measured.setFont(font);
        return measured.getLayoutBounds().getWidth();
    }
}

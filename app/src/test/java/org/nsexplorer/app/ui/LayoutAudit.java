package org.nsexplorer.app.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;

/**
 * What a class at the back of the room cannot read in a window as it stands: text cut with
 * an ellipsis, a field's prompt clipped, text past the window's edge, lists that need sideways scrolling, and (at projector
 * size) text under the least size. Call on the FX thread; every finding names its text.
 */
final class LayoutAudit {
    private final double leastFontPx;
    private final List<String> found = new ArrayList<>();
    private double right;

    /** LEASTFONTPX: the smallest text allowed, 0 for no size check. */
    LayoutAudit(double leastFontPx) {
        this.leastFontPx = leastFontPx;
    }

    /** The findings under ROOT (the scene's root), added to what earlier calls found. */
    List<String> check(Parent root, String where) {
        right = root.getScene().getWidth();
        if (root.prefWidth(root.getScene().getHeight()) > right + 1 && root.minWidth(-1) > right + 1) {
            StringBuilder parts = new StringBuilder();
            for (Node child : root.getChildrenUnmodifiable()) {
                if (child.isManaged()) {
                    parts.append(' ').append(child.getId() != null ? child.getId() : child.getClass().getSimpleName())
                            .append('=').append(Math.round(child.minWidth(-1)));
                }
            }
            found.add(where + ": the window needs " + Math.round(root.minWidth(-1)) + " px, wider than its "
                    + Math.round(right) + " (least widths:" + parts + ")");
        }
        walk(root, where);
        return found;
    }

    List<String> findings() {
        return found;
    }

    /** Whether DRAWN holds ELLIPSIS (at its end, or its centre for a centre cut) that the label's own TEXT does not. */
    private static boolean cutWith(String drawn, String ellipsis, String text) {
        return drawn.contains(ellipsis) && !text.contains(ellipsis);
    }

    private void walk(Node node, String where) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        if (node instanceof Labeled label && label.getText() != null && !label.getText().isBlank()) {
            Text drawn = (Text) label.lookup(".text");
            // JavaFX cuts with the label's ellipsis string ("..." unless a style sets it); "…" is ours.
            String ellipsis = label.getEllipsisString() == null || label.getEllipsisString().isEmpty() ? "…"
                    : label.getEllipsisString();
            if (drawn != null && !drawn.getText().equals(label.getText())
                    && (cutWith(drawn.getText(), ellipsis, label.getText()) || cutWith(drawn.getText(), "…",
                            label.getText()))) {
                found.add(String.format("%s: cut: \"%s\" drawn as \"%s\" (%.0f px wide, needs %.0f)", where,
                        label.getText().strip(), drawn.getText().strip(), label.getWidth(), label.prefWidth(-1)));
            }
            // Wrapped into a column narrower than a short word: "nsx\n583\n0-3" reads as nothing.
            // (A long path may break where it must.)
            if (drawn != null && label.isWrapText() && drawn.getWrappingWidth() > 0) {
                for (String word : label.getText().split("\\s+")) {
                    Text measured = new Text(word);
                    measured.setFont(drawn.getFont());
                    if (word.length() <= 16 && measured.getLayoutBounds().getWidth() > drawn.getWrappingWidth() + 0.5) {
                        found.add(String.format("%s: \"%s\" broken inside a word (%.0f px for \"%s\")", where,
                                label.getText().strip(), drawn.getWrappingWidth(), word));
                        break;
                    }
                }
            }
            Bounds b = label.localToScene(label.getLayoutBounds());
            // A list's rows past its edge are the list's finding (it scrolls sideways), said once.
            if (!(label instanceof IndexedCell<?>) && b.getWidth() > 0
                    && b.getMaxX() > right + 0.5) {
                found.add(where + ": past the window's edge: \"" + label.getText().strip() + "\"");
            }
        }
        // An empty field's prompt (the next container's name) is clipped, not cut with an ellipsis.
        if (node instanceof TextField field && (field.getText() == null || field.getText().isEmpty())
                && field.getPromptText() != null && !field.getPromptText().isBlank() && field.getWidth() > 0) {
            Text measured = new Text(field.getPromptText());
            measured.setFont(field.getFont());
            double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
            if (measured.getLayoutBounds().getWidth() > room + 0.5) {
                found.add(String.format("%s: prompt cut: \"%s\" needs %.0f px, the field has %.0f", where,
                        field.getPromptText(), measured.getLayoutBounds().getWidth(), room));
            }
        }
        if (node instanceof Text text && leastFontPx > 0 && !text.getText().isBlank()
                && text.getFont().getSize() < leastFontPx - 0.05) {
            found.add(String.format("%s: %.1f px: \"%s\"", where, text.getFont().getSize(), text.getText().strip()));
        }
        if (node instanceof ListView<?> list && !list.getItems().isEmpty()) {
            for (Node bar : list.lookupAll(".scroll-bar")) {
                if (bar instanceof ScrollBar s && s.getOrientation() == Orientation.HORIZONTAL && s.isVisible()) {
                    found.add(where + ": list " + (list.getId() == null ? list.getStyleClass() : "#" + list.getId())
                            + " needs sideways scrolling to be read");
                }
            }
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> walk(child, where));
        }
    }
}

package org.nsexplorer.app.compare;

import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * A column's caption with a switch after it: on one line when both fit, else the switch on
 * a line of its own under the caption (which wraps), so that neither is squeezed into "…"
 * in a narrow column.
 */
final class CaptionWithSwitch extends Region {
    private static final double GAP = 8;
    private final Label caption;
    private final Control toggle;

    CaptionWithSwitch(Label caption, Control toggle) {
        this.caption = caption;
        this.toggle = toggle;
        getChildren().addAll(caption, toggle);
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    private double inner(double width) {
        return (width < 0 ? prefWidth(-1) : width) - snappedLeftInset() - snappedRightInset();
    }

    private boolean oneLine(double inner) {
        return caption.prefWidth(-1) + GAP + toggle.prefWidth(-1) <= inner;
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + caption.prefWidth(-1) + GAP + toggle.prefWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + toggle.prefWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double inner = inner(width);
        double lines = oneLine(inner) ? Math.max(caption.prefHeight(-1), toggle.prefHeight(-1))
                : caption.prefHeight(inner) + toggle.prefHeight(-1);
        return snappedTopInset() + lines + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double inner = inner(getWidth());
        double switchWidth = toggle.prefWidth(-1);
        double switchHeight = toggle.prefHeight(-1);
        if (oneLine(inner)) {
            double height = getHeight() - y - snappedBottomInset();
            layoutInArea(caption, x, y, inner - switchWidth - GAP, height, 0, HPos.LEFT, VPos.BOTTOM);
            layoutInArea(toggle, x + inner - switchWidth, y, switchWidth, height, 0, HPos.RIGHT, VPos.BOTTOM);
        } else {
            double captionHeight = caption.prefHeight(inner);
            layoutInArea(caption, x, y, inner, captionHeight, 0, HPos.LEFT, VPos.BOTTOM);
            layoutInArea(toggle, x, y + captionHeight, Math.min(inner, switchWidth), switchHeight, 0, HPos.LEFT,
                    VPos.BOTTOM);
        }
    }
}

package org.nsexplorer.app.compare;

import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * The host's column left, the container's right, half the width each: the two heads on one
 * row as high as the taller (a caption that wraps on a projector keeps both lists level), the
 * bodies under them, and a footer across both. GridPane and HBox size a row of wrapping
 * labels as if it had the whole width, and then cut the text.
 */
final class TwoColumns extends Region {
    private static final double GAP = 12;
    private static final double HEAD_GAP = 4;
    private final Node hostHead;
    private final Node containerHead;
    private final Node hostBody;
    private final Node containerBody;
    private final Node footer;

    /** FOOTER may be null; when it is not managed it takes no room. */
    TwoColumns(Node hostHead, Node containerHead, Node hostBody, Node containerBody, Node footer) {
        this.hostHead = hostHead;
        this.containerHead = containerHead;
        this.hostBody = hostBody;
        this.containerBody = containerBody;
        this.footer = footer;
        getChildren().addAll(hostHead, containerHead, hostBody, containerBody);
        if (footer != null) {
            getChildren().add(footer);
        }
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    private double inner(double width) {
        return (width < 0 ? prefWidth(-1) : width) - snappedLeftInset() - snappedRightInset();
    }

    private double column(double width) {
        return Math.max(0, (inner(width) - GAP) / 2);
    }

    private double headHeight(double column) {
        return Math.max(hostHead.prefHeight(column), containerHead.prefHeight(column));
    }

    private double footerHeight(double width) {
        return footer == null || !footer.isManaged() ? 0 : HEAD_GAP + footer.prefHeight(inner(width));
    }

    @Override
    protected double computePrefWidth(double height) {
        double column = Math.max(Math.max(hostHead.prefWidth(-1), containerHead.prefWidth(-1)),
                Math.max(hostBody.prefWidth(-1), containerBody.prefWidth(-1)));
        return snappedLeftInset() + 2 * column + GAP + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        double column = Math.max(Math.max(hostHead.minWidth(-1), containerHead.minWidth(-1)),
                Math.max(hostBody.minWidth(-1), containerBody.minWidth(-1)));
        return snappedLeftInset() + 2 * column + GAP + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double column = column(width);
        return snappedTopInset() + headHeight(column) + HEAD_GAP + Math.max(hostBody.prefHeight(column),
                containerBody.prefHeight(column)) + footerHeight(width) + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        double column = column(width);
        return snappedTopInset() + headHeight(column) + HEAD_GAP + Math.max(hostBody.minHeight(column),
                containerBody.minHeight(column)) + footerHeight(width) + snappedBottomInset();
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double column = column(getWidth());
        double head = headHeight(column);
        double footer = footerHeight(getWidth());
        double body = Math.max(0, getHeight() - y - snappedBottomInset() - head - HEAD_GAP - footer);
        double right = x + column + GAP;
        layoutInArea(hostHead, x, y, column, head, 0, HPos.LEFT, VPos.BOTTOM);
        layoutInArea(containerHead, right, y, column, head, 0, HPos.LEFT, VPos.BOTTOM);
        hostBody.resizeRelocate(x, y + head + HEAD_GAP, column, body);
        containerBody.resizeRelocate(right, y + head + HEAD_GAP, column, body);
        if (footer > 0) {
            this.footer.resizeRelocate(x, y + head + HEAD_GAP + body + HEAD_GAP, inner(getWidth()),
                    footer - HEAD_GAP);
        }
    }
}

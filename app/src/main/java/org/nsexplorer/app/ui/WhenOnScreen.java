package org.nsexplorer.app.ui;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.Node;

/**
 * A view's refresh: put off while the view is hidden in its window (another view of the
 * switcher shows) and run the moment it shows; run at once otherwise. A hidden list then costs
 * no layout at each comparison: JavaFX lays out hidden nodes too. A view in no window is laid
 * out by none, so it is refreshed at once (a test's view, or one the switcher has not shown).
 */
public final class WhenOnScreen {
    private final Node view;
    private final Runnable refresh;
    private final InvalidationListener recheck = o -> recheck();
    /** A refresh was asked while the view was hidden. */
    private boolean pending;
    /** What keeps the view hidden, listened to while a refresh is pending. */
    private Observable hiddenBy;

    /** Call on the FX thread. REFRESH brings VIEW up to date with what its model holds now. */
    public WhenOnScreen(Node view, Runnable refresh) {
        this.view = view;
        this.refresh = refresh;
        // Taken out of one parent and put in another: whatever hid it may no longer.
        view.sceneProperty().addListener(recheck);
    }

    /** Call on the FX thread: refreshes now, or when the view next shows if it is hidden now. */
    public void request() {
        pending = true;
        recheck();
    }

    private void recheck() {
        if (!pending) {
            return;
        }
        // Read each time: an invalidation listener hears of a change only if the value was read since.
        boolean inWindow = view.getScene() != null;
        Node hidden = inWindow ? firstHidden() : null;
        if (hidden == null) {
            pending = false;
            listenTo(null);
            refresh.run();
            return;
        }
        listenTo(hidden.visibleProperty());
    }

    /** The view or the nearest of its ancestors that is not visible; null when none is. */
    private Node firstHidden() {
        for (Node n = view; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return n;
            }
        }
        return null;
    }

    private void listenTo(Observable next) {
        if (next == hiddenBy) {
            return;
        }
        if (hiddenBy != null) {
            hiddenBy.removeListener(recheck);
        }
        hiddenBy = next;
        if (next != null) {
            next.addListener(recheck);
        }
    }
}

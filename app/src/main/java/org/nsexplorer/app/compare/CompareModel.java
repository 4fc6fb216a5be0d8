package org.nsexplorer.app.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/** The latest comparison of the selected container with the host; set on the FX thread. */
public final class CompareModel {
    private final ReadOnlyObjectWrapper<CompareSnapshot> latest = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty differencesOnly = new SimpleBooleanProperty(this, "differencesOnly", true);

    public ReadOnlyObjectProperty<CompareSnapshot> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    /**
     * Whether the processes, mounts and interfaces views show only what differs: the
     * container's items, and of the host's what the container does not have (the other host
     * processes folded into counts). One switch for the three views; on by default, since a
     * projector shows few rows.
     */
    public BooleanProperty differencesOnlyProperty() {
        return differencesOnly;
    }

    /** Call on the FX thread. Null clears the views (no container selected or running). */
    public void show(CompareSnapshot snapshot) {
        latest.set(snapshot);
    }
}

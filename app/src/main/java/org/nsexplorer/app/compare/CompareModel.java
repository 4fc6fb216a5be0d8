package org.nsexplorer.app.compare;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The latest comparison of the selected container with the host; set on the FX thread. */
public final class CompareModel {
    private final ReadOnlyObjectWrapper<CompareSnapshot> latest = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<CompareSnapshot> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    /** Call on the FX thread. Null clears the views (no container selected or running). */
    public void show(CompareSnapshot snapshot) {
        latest.set(snapshot);
    }
}

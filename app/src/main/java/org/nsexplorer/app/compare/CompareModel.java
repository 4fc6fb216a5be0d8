package org.nsexplorer.app.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The latest comparison of the selected container with the host, and the host side as last
 * known (it stays while no container is compared); set on the FX thread.
 */
public final class CompareModel {
    private final ReadOnlyObjectWrapper<CompareSnapshot> latest = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<HostSide> host = new ReadOnlyObjectWrapper<>();
    private boolean hostFromHelper;
    private final BooleanProperty differencesOnly = new SimpleBooleanProperty(this, "differencesOnly", true);

    public ReadOnlyObjectProperty<CompareSnapshot> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    /**
     * The host's hostname and namespaces: the app's own reading (showOwnHost) until the
     * helper's first comparison, then the helper's latest. Null until either came.
     */
    public ReadOnlyObjectProperty<HostSide> hostProperty() {
        return host.getReadOnlyProperty();
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
        if (snapshot != null) {
            hostFromHelper = true;
            HostSide now = HostSide.of(snapshot);
            if (!now.equals(host.get())) {
                host.set(now);
            }
        }
        latest.set(snapshot);
    }

    /** Call on the FX thread: what the app read itself (HostSide.readOwn), shown until the helper answers. */
    public void showOwnHost(HostSide own) {
        if (!hostFromHelper) {
            host.set(own);
        }
    }
}

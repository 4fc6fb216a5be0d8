package org.nsexplorer.app.containers;

import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/**
 * Asks once for a new container's first comparison with the host, as soon as it is both the
 * container shown and running. The two facts come on different threads, in either order: its
 * "started" on the helper's reader thread, its selection on the FX thread. Launch sends its
 * request before it selects the new container, so a quick "started" can come first; with only
 * the first path, the views then waited for the next refresh, up to a second.
 */
public final class FirstComparison {
    private final Supplier<ContainerModel> shown;
    private final BiConsumer<ContainerModel, String> ask;

    /**
     * @param shown the container the views show now (null: none, or the window is closing)
     * @param ask asks the helper for a container's comparison, by its helper id
     */
    public FirstComparison(Supplier<ContainerModel> shown, BiConsumer<ContainerModel, String> ask) {
        this.shown = shown;
        this.ask = ask;
    }

    /** On the helper's reader thread, at MODEL's "started": asks now if MODEL is shown. */
    public void started(ContainerModel model, String helperId) {
        if (model == shown.get() && model.claimFirstComparison()) {
            ask.accept(model, helperId);
        }
    }

    /** On the FX thread, when MODEL was selected before it runs: asks as it turns running, if still shown. */
    public void selectedBeforeRunning(ContainerModel model) {
        if (!beforeRunning(model.state())) {
            return; // stopping or ended: it will not run, and a listener would stay on it
        }
        model.stateProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends ContainerState> o, ContainerState was, ContainerState now) {
                if (beforeRunning(now)) {
                    return;
                }
                model.stateProperty().removeListener(this);
                if (now == ContainerState.RUNNING && model == shown.get() && model.claimFirstComparison()) {
                    ask.accept(model, model.helperIdProperty().get());
                }
            }
        });
    }

    private static boolean beforeRunning(ContainerState state) {
        return state == ContainerState.PREPARING || state == ContainerState.STARTING;
    }
}

package org.nsexplorer.app.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The container the window shows: the views follow it (its name, what root can do, its
 * state, its events) instead of being told one by one. Changes on the FX thread; no Nodes.
 * One per window content: clear() lets go of the containers, which outlive a language switch.
 */
public final class Selection {
    private final ObjectProperty<ContainerModel> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name");
    private final ReadOnlyObjectWrapper<Confinement> confinement = new ReadOnlyObjectWrapper<>(this, "confinement");
    private final ReadOnlyObjectWrapper<ContainerState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final List<Follower> followers = new ArrayList<>();

    /** One who follows the selected container: what to do with each, and what stops it. */
    private static final class Follower {
        final Function<ContainerModel, Runnable> attach;
        Runnable detach;

        Follower(Function<ContainerModel, Runnable> attach) {
            this.attach = attach;
        }
    }

    public Selection() {
        // Before anyone else hears of the new selection: its name and state are already the new one's.
        selected.addListener((o, was, now) -> {
            name.unbind();
            confinement.unbind();
            state.unbind();
            if (now == null) {
                name.set(null);
                confinement.set(null);
                state.set(null);
            } else {
                name.bind(now.nameProperty());
                confinement.bind(now.confinementProperty());
                state.bind(now.stateProperty());
            }
            followers.forEach(f -> follow(f, now));
        });
    }

    /** The container shown; null before the first launch. */
    public ObjectProperty<ContainerModel> selectedProperty() {
        return selected;
    }

    public ContainerModel get() {
        return selected.get();
    }

    public void select(ContainerModel model) {
        selected.set(model);
    }

    /** Shows none, and lets go of the container shown: the window's content is being replaced. */
    public void clear() {
        selected.set(null);
    }

    /** The selected container's name as it is renamed; null when none is selected. */
    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** What root in the selected container can do to the host; null when none or not yet known. */
    public ReadOnlyObjectProperty<Confinement> confinementProperty() {
        return confinement.getReadOnlyProperty();
    }

    /** The selected container's state as it changes; null when none is selected. */
    public ReadOnlyObjectProperty<ContainerState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /**
     * ATTACH is called with each container as it becomes the selected one (and with the one
     * selected now), and returns what stops following it: run when another is selected, or
     * none. For what happens to the container while it is shown (its events, a failure).
     */
    public void follow(Function<ContainerModel, Runnable> attach) {
        Follower f = new Follower(attach);
        followers.add(f);
        follow(f, selected.get());
    }

    private static void follow(Follower f, ContainerModel now) {
        if (f.detach != null) {
            f.detach.run();
            f.detach = null;
        }
        if (now != null) {
            f.detach = f.attach.apply(now);
        }
    }
}

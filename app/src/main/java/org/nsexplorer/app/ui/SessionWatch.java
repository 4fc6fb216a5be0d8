package org.nsexplorer.app.ui;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;

/**
 * Tells CHANGED, on the FX thread, whenever a container comes or goes or one changes its
 * state or what root can do in it, ours or one others made: the selector's list and the
 * recipe's running containers follow. dispose() lets go of the containers, which outlive a language switch.
 */
final class SessionWatch {
    private final ContainerSession session;
    private final ChangeListener<Object> anyChange;
    private final Map<ContainerModel, Runnable> watched = new HashMap<>();
    private final ListChangeListener<ContainerModel> listChanged;

    SessionWatch(ContainerSession session, Runnable changed) {
        this.session = session;
        this.anyChange = (o, was, now) -> changed.run();
        this.listChanged = change -> {
            watchEach();
            changed.run();
        };
        session.containers().addListener(listChanged);
        session.others().addListener(listChanged);
        watchEach();
    }

    /** Every container of the session watched once, and none that left it. */
    private void watchEach() {
        watched.keySet().removeIf(c -> {
            boolean gone = !session.containers().contains(c) && !session.others().contains(c);
            if (gone) {
                watched.get(c).run();
            }
            return gone;
        });
        for (ContainerModel c : Stream.concat(session.containers().stream(), session.others().stream()).toList()) {
            watched.computeIfAbsent(c, model -> {
                model.stateProperty().addListener(anyChange);
                model.confinementProperty().addListener(anyChange);
                return () -> {
                    model.stateProperty().removeListener(anyChange);
                    model.confinementProperty().removeListener(anyChange);
                };
            });
        }
    }

    void dispose() {
        session.containers().removeListener(listChanged);
        session.others().removeListener(listChanged);
        watched.values().forEach(Runnable::run);
        watched.clear();
    }
}

package org.nsexplorer.helper.engine;

/** Receives a container's events, on the stage's event thread. */
public interface ContainerListener {
    default void started(Container container) {
    }

    default void exited(Container container, ExitStatus status) {
    }

    default void failed(Container container, LaunchException error) {
    }
}

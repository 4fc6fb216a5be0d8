package org.nsexplorer.helper.engine;

/** Receives a container's events, on the stage's event thread. */
public interface ContainerListener {
    /** The request passed validation and has its id; called before the stage sees it, on the caller's thread. */
    default void accepted(Container container) {
    }

    default void started(Container container) {
    }

    /** Bytes a terminal container wrote, in order. */
    default void output(Container container, byte[] data) {
    }

    default void exited(Container container, ExitStatus status) {
    }

    default void failed(Container container, LaunchException error) {
    }
}

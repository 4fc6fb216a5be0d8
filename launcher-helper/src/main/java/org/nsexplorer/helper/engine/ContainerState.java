package org.nsexplorer.helper.engine;

/** The life of a container, as the helper sees it. */
public enum ContainerState {
    STARTING, RUNNING, EXITED, FAILED
}

package org.nsexplorer.app.containers;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.nsexplorer.app.ui.Texts;

/** A container's life as the app shows it. */
public enum ContainerState {
    PREPARING, STARTING, RUNNING, STOPPING, EXITED, FAILED;

    /** The states this one may move to; anything else is a bug in the caller. */
    Set<ContainerState> next() {
        return switch (this) {
            case PREPARING -> EnumSet.of(STARTING, FAILED);
            case STARTING -> EnumSet.of(RUNNING, STOPPING, EXITED, FAILED);
            case RUNNING -> EnumSet.of(STOPPING, EXITED, FAILED);
            case STOPPING -> EnumSet.of(EXITED, FAILED);
            case EXITED, FAILED -> EnumSet.noneOf(ContainerState.class);
        };
    }

    /** The state in the class's words, from the messages ("running", "ended"). */
    public String label() {
        return Texts.get("state." + name().toLowerCase(Locale.ROOT));
    }

    public boolean isLive() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}

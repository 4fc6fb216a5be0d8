package org.nsexplorer.app.containers;

import java.time.LocalTime;

/** Something the class should notice about one container, and the time the app learnt it. */
public record ContainerEvent(LocalTime at, String text) {
}

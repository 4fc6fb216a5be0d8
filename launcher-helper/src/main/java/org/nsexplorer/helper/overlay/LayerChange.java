package org.nsexplorer.helper.overlay;

import java.util.Locale;

/** One path a container changed, as its upper layer records it; path is as the container sees it. */
public record LayerChange(String path, Kind kind) {
    public enum Kind {
        /** New: no lower layer has it. */
        ADDED,
        /** Copied up from a lower layer and then written (or its metadata changed). */
        CHANGED,
        /** A whiteout hides the lower layer's file. */
        DELETED,
        /** An opaque directory: the lower layer's contents are hidden, the directory made anew. */
        REPLACED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

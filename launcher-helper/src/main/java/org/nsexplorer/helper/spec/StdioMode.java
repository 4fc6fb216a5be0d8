package org.nsexplorer.helper.spec;

/** Where the container's stdin, stdout and stderr go. */
public enum StdioMode {
    /** The helper's own (the command line's terminal). */
    INHERIT,
    /** /dev/null: a container launched for the app, whose stdout is the message channel. */
    NULL
}

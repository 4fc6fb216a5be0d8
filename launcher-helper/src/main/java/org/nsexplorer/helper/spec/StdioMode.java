package org.nsexplorer.helper.spec;

/** Where the container's stdin, stdout and stderr go. */
public enum StdioMode {
    /** The helper's own (the command line's terminal). */
    INHERIT,
    /** /dev/null: a container launched for the app, whose stdout is the message channel. */
    NULL,
    /** A terminal (pty) whose output comes back as events and whose keys go in as requests. */
    TERMINAL
}

package org.nsexplorer.helper.engine;

import java.io.IOException;

/** Refused because the helper already does as much of this at once as it allows: ask again soon. */
public final class BusyException extends IOException {
    private static final long serialVersionUID = 1L;

    public BusyException(String message) {
        super(message);
    }
}

package org.nsexplorer.helper.engine;

import org.nsexplorer.helper.spec.InvalidRequestException;

/** A launch refused because the helper runs as many containers as it may at once. */
public final class TooManyContainersException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    TooManyContainersException(int limit) {
        super("containers", "this helper runs " + limit + " containers already, the most it runs at once;"
                + " stop one before launching another");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}

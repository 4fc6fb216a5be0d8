package org.nsexplorer.helper.engine;

import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/** A launch refused because the helper runs as many containers as it may at once. */
public final class TooManyContainersException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    TooManyContainersException(int limit) {
        super("containers", Word.LAUNCH_TOO_MANY, limit);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}

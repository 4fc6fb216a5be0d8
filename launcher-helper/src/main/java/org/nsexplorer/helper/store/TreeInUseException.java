package org.nsexplorer.helper.store;

import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/** A stored tree that one of our containers uses: it may be neither packed nor removed now. */
public final class TreeInUseException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final String container;

    public TreeInUseException(String container) {
        super("name", Word.ROOTFS_IN_USE, container);
        this.container = container;
    }

    /** The id of the container that uses it. */
    public String container() {
        return container;
    }
}

package org.nsexplorer.helper.engine;

/** A launch that failed while setting up, at a named step, with the errno the kernel gave. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String step;
    private final int errno;

    public LaunchException(String step, int errno, String message) {
        super(message);
        this.step = step;
        this.errno = errno;
    }

    public String step() {
        return step;
    }

    public int errno() {
        return errno;
    }
}

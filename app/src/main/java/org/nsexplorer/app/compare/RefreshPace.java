package org.nsexplorer.app.compare;

/**
 * How often the views ask the helper for a comparison: each second while something happens
 * (the teacher clicks or types, the container prints or changes state, the container's side
 * of the last answer differed from the one before), then less often while it stays the same,
 * down to one in SLOWEST seconds (the host's other processes are then at most that old). Each
 * answer costs the helper a walk of /proc and a probe, and the app a parse: a classroom
 * laptop on battery, with nothing happening, should not pay it each second. Thread-safe.
 */
public final class RefreshPace {
    /** The longest wait, in ticks of one second, between two asks while nothing changes. */
    public static final int SLOWEST = 4;
    private int interval = 1;
    private int waited;

    /** At each one-second tick: whether to ask now. */
    public synchronized boolean due() {
        if (++waited >= interval) {
            waited = 0;
            return true;
        }
        return false;
    }

    /** After an answer: CHANGED, whether the views now show something else than before. */
    public synchronized void observed(boolean changed) {
        interval = changed ? 1 : Math.min(SLOWEST, interval * 2);
    }

    /** Something happened: ask at the next tick, and each second until the answers stay the same again. */
    public synchronized void wake() {
        interval = 1;
    }

    /** The current wait between two asks, in seconds (for tests and the bench). */
    public synchronized int interval() {
        return interval;
    }
}

package org.nsexplorer.helper.engine;

/** How a container's first process ended, and how often the memory limit's OOM killer struck. */
public record ExitStatus(boolean signaled, int code, long oomKills) {

    /** The status a shell reports: the exit code, or 128+N for signal N. */
    public int shellStatus() {
        return signaled ? 128 + code : code;
    }

    public boolean oomKilled() {
        return oomKills > 0;
    }
}

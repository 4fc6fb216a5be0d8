package org.nsexplorer.app.containers;

/**
 * One process of a container that the helper signalled, as it answered: its PID on the host
 * and inside (as the container's first process sees it), its command name and the signal.
 */
public record SignalledProcess(long hostPid, long containerPid, String command, int signal) {

    /** "SIGKILL" for 9, as ExitWords names it: the same words wherever a signal is shown. */
    public static String signalName(int signal) {
        return ExitWords.signalName(signal);
    }
}

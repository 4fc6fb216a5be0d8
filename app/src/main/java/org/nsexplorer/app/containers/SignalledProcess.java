package org.nsexplorer.app.containers;

/**
 * One process of a container that the helper signalled, as it answered: its PID on the host
 * and inside (as the container's first process sees it), its command name and the signal.
 */
public record SignalledProcess(long hostPid, long containerPid, String command, int signal) {

    /** "SIGKILL" for the signals the app sends by name, else "signal N" (kernel words stay as they are). */
    public static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 9 -> "SIGKILL";
            case 15 -> "SIGTERM";
            case 18 -> "SIGCONT";
            case 19 -> "SIGSTOP";
            default -> org.nsexplorer.app.ui.Texts.get("process.signalNumber", signal);
        };
    }
}

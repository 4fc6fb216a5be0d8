package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One process of a container that the helper signalled, as it answered: its PID on the host
 * and inside (as the container's first process sees it), its command name and the signal.
 */
public record SignalledProcess(long hostPid, long containerPid, String command, int signal) {

    /** The helper's "ok" to a signal for the process HOST_PID: what it signalled with SIGNAL. */
    public static SignalledProcess parse(JsonNode ok, long hostPid, int signal) {
        return new SignalledProcess(ok.path("pid").asLong(hostPid), ok.path("containerPid").asLong(),
                ok.path("command").asText(""), signal);
    }

    /** "SIGKILL" for 9, as ExitWords names it: the same words wherever a signal is shown. */
    public static String signalName(int signal) {
        return ExitWords.signalName(signal);
    }
}

package org.nsexplorer.helper.serve;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What the app may ask, one JSON object per line. "type" selects the request; "id" is the
 * app's own tag, echoed in the answer. Unknown types and unknown fields are refused.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Request.Launch.class, name = "launch"),
    @JsonSubTypes.Type(value = Request.Signal.class, name = "signal"),
    @JsonSubTypes.Type(value = Request.Stop.class, name = "stop"),
    @JsonSubTypes.Type(value = Request.ListContainers.class, name = "list"),
    @JsonSubTypes.Type(value = Request.TakeSnapshot.class, name = "snapshot"),
    @JsonSubTypes.Type(value = Request.Commands.class, name = "commands"),
    @JsonSubTypes.Type(value = Request.Input.class, name = "input"),
    @JsonSubTypes.Type(value = Request.Resize.class, name = "resize"),
})
public sealed interface Request {
    String id();

    /** Start a container; answered by "launched" (then "started"/"exited" events) or "error". */
    record Launch(String id, LaunchSpec spec) implements Request {
    }

    /** Send a signal (by number) to a container's first process. */
    record Signal(String id, String container, int signal) implements Request {
    }

    /** SIGTERM, then SIGKILL after a second; answered by "ok", then the "exited" event. */
    record Stop(String id, String container) implements Request {
    }

    /** Answered by "containers". */
    record ListContainers(String id) implements Request {
    }

    /**
     * What a process sees: give container (its first process) or pid, or neither for the
     * host. compareHost adds the host's view and the comparison. compact leaves out each
     * process's namespaces (a third of a 1,000-process answer) for a view refreshed every
     * second. Answered by "snapshot".
     */
    record TakeSnapshot(String id, String container, Long pid, Boolean compareHost, Boolean compact)
            implements Request {
    }

    /** Keystrokes (base64) for a container launched with terminal: true. */
    record Input(String id, String container, String data) implements Request {
    }

    /** The terminal's size in characters. */
    record Resize(String id, String container, int rows, int cols) implements Request {
    }

    /** The shell commands that would build this launch by hand; answered by "commands" (script). */
    record Commands(String id, LaunchSpec spec) implements Request {
    }

    /** The fields of a launch; absent fields take the same defaults as `nsx-helper run`. */
    record LaunchSpec(
            String rootfs,
            List<String> namespaces,
            String hostname,
            String memory,
            String cpus,
            Long pids,
            List<String> mounts,
            String rootSwitch,
            Long mapRoot,
            Long boottime,
            Long monotonic,
            List<String> command,
            Boolean terminal) {
    }
}

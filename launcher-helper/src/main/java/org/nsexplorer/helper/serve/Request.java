package org.nsexplorer.helper.serve;

import java.util.List;
import java.util.Map;

/**
 * What the app may ask, one JSON object per line. "type" selects the request; "id" is the
 * app's own tag, echoed in the answer. Unknown types and unknown fields are refused.
 */
public sealed interface Request {
    /** Each request by the "type" that selects it (RequestBinder fills its fields). */
    Map<String, Class<? extends Request>> TYPES = Map.ofEntries(
            Map.entry("launch", Launch.class),
            Map.entry("signal", Signal.class),
            Map.entry("stop", Stop.class),
            Map.entry("list", ListContainers.class),
            Map.entry("snapshot", TakeSnapshot.class),
            Map.entry("discover", Discover.class),
            Map.entry("commands", Commands.class),
            Map.entry("input", Input.class),
            Map.entry("resize", Resize.class),
            Map.entry("ping", Ping.class),
            Map.entry("loopback", Loopback.class),
            Map.entry("changes", Changes.class),
            Map.entry("keepLayer", KeepLayer.class),
            Map.entry("rootfsList", RootfsList.class),
            Map.entry("rootfsMake", RootfsMake.class),
            Map.entry("rootfsExport", RootfsExport.class),
            Map.entry("rootfsCheck", RootfsCheck.class),
            Map.entry("rootfsRemove", RootfsRemove.class),
            Map.entry("cancel", Cancel.class));

    String id();

    /** Start a container; answered by "launched" (then "started"/"exited" events) or "error". */
    record Launch(String id, LaunchSpec spec) implements Request {
    }

    /**
     * Send a signal (by number) to a container's first process, answered by "ok"; or, with pid
     * (a host PID), to that one process, which must be one of the container's own: answered by
     * "ok" with pid, containerPid and command.
     */
    record Signal(String id, String container, int signal, Long pid) implements Request {
    }

    /** SIGTERM, then SIGKILL after a second; answered by "ok", then the "exited" event. */
    record Stop(String id, String container) implements Request {
    }

    /** Answered by "containers". */
    record ListContainers(String id) implements Request {
    }

    /** The containers that others made on this host (docker, podman, lxc...); answered by "discovered". */
    record Discover(String id) implements Request {
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

    /**
     * The shell commands that would build this launch by hand; answered by "commands" (script,
     * and nspawn: the systemd-nspawn line, with nspawnMissing: what that line cannot give).
     * language ("en", the default, "es" or "pt-BR") is the language of the script's comments.
     */
    record Commands(String id, LaunchSpec spec, String language) implements Request {
    }

    /**
     * Echo requests from container FROM (absent: the host) to container TO's address, or to
     * "host" (FROM's host side: its veth end or bridge). count: 1 to 10, default 3. Answered
     * by "ping" with each round trip.
     */
    record Ping(String id, String from, String to, Integer count) implements Request {
    }

    /** Brings lo up in an isolated container's net namespace; answered by "ok". */
    record Loopback(String id, String container) implements Request {
    }

    /** What an overlay container changed so far; answered by "changes". */
    record Changes(String id, String container) implements Request {
    }

    /** Keep an overlay container's upper as the layer NAME when it ends; answered by "ok". */
    record KeepLayer(String id, String container, String name) implements Request {
    }

    /** Stored root filesystems and layers, and which makers this host has; answered by "rootfsList". */
    record RootfsList(String id) implements Request {
    }

    /**
     * Make a rootfs NAME: kind "import" (file), "programs" (programs), "busybox" or
     * "debootstrap" (suite, mirror: the host's by default). Answered by "progress" messages,
     * then "rootfsMade" or "error" (kind "cancelled" after a cancel).
     */
    record RootfsMake(String id, String kind, String name, String file, List<String> programs, String suite,
            String mirror) implements Request {
    }

    /** Pack the rootfs or layer NAME into FILE (.tar.gz, .tar.xz, .tar, .cpio, .cpio.gz); "progress", then "exported". */
    record RootfsExport(String id, String name, String file) implements Request {
    }

    /** What a launch of COMMAND (default /bin/sh) in ROOTFS (a stored name or a directory) would find wrong. */
    record RootfsCheck(String id, String rootfs, String command) implements Request {
    }

    record RootfsRemove(String id, String name) implements Request {
    }

    /** Cancels the rootfs job started by the request with id JOB. */
    record Cancel(String id, String job) implements Request {
    }

    /** Namespaces to share with a running container (by its id, or any container process's PID). */
    record Join(String container, Long pid, List<String> namespaces) {
    }

    /** Copy-on-write on the rootfs: layers stacked on it (top first), and the layer name to keep the upper as. */
    record Overlay(List<String> layers, String keepAs) {
    }

    /**
     * The fields of a launch; absent fields take the same defaults as `nsx-helper run`. enter
     * (a host PID) makes it a shell in the namespaces of a container others made, with only
     * command, terminal and limits beside it.
     */
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
            Boolean terminal,
            String network,
            Join join,
            Overlay overlay,
            Boolean hostRoot,
            Long enter) {
    }
}

package org.nsexplorer.helper.stage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nsexplorer.helper.cgroup.ContainerCgroup;
import org.nsexplorer.helper.network.NetworkAttachment;
import org.nsexplorer.helper.overlay.OverlayWorkspace;
import org.nsexplorer.helper.spec.Confinement;
import org.nsexplorer.helper.spec.EnterSpec;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.spec.ValidatedSpec;

/**
 * A launch request in the stage's wire format: a little-endian length, then NUL-terminated
 * key=value strings. Built only from a validated spec: the stage re-checks the syntax but
 * trusts the policy.
 */
public final class StageRequest {
    /** What the stage says in its "ready" line (PROTOCOL_VERSION in nsx-protocol.h): both change together. */
    public static final int PROTOCOL_VERSION = 2;
    private final List<String> fields;

    private StageRequest(List<String> fields) {
        this.fields = List.copyOf(fields);
    }

    public static StageRequest launch(String id, ValidatedSpec spec, ContainerCgroup cgroup, long keepCaps) {
        return launch(id, spec, cgroup, keepCaps, Optional.empty(), Optional.empty());
    }

    /** With the container's veth pair and its overlay directories, when it has them. */
    public static StageRequest launch(String id, ValidatedSpec spec, ContainerCgroup cgroup, long keepCaps,
            Optional<NetworkAttachment> network, Optional<OverlayWorkspace> overlay) {
        if (spec.enter().isPresent()) {
            return enter(id, spec, spec.enter().get(), cgroup, keepCaps);
        }
        List<String> f = new ArrayList<>();
        f.add("op=launch");
        f.add("id=" + id);
        f.add("ns=" + (spec.namespaces().isEmpty() ? "none" : spec.namespaces().stream()
                .map(Namespace::procName).sorted().collect(Collectors.joining(","))));
        if (overlay.isPresent()) {
            f.add("rootfs=" + overlay.get().merged());
            spec.overlay().orElseThrow().layers().forEach(layer -> f.add("lower=" + layer));
            f.add("lower=" + spec.rootfs());
            f.add("upper=" + overlay.get().upper());
            f.add("work=" + overlay.get().work());
        } else {
            f.add("rootfs=" + spec.rootfs());
        }
        network.ifPresent(n -> addNetwork(f, n));
        spec.join().ifPresent(join -> join.namespaces().stream().map(Namespace::procName).sorted()
                .forEach(ns -> f.add("join=" + ns + ":" + join.pid())));
        f.add("root=" + (spec.rootSwitch() == RootSwitch.PIVOT ? "pivot" : "chroot"));
        spec.hostname().ifPresent(h -> f.add("hostname=" + h));
        for (MountKind kind : MountKind.values()) {
            if (spec.mounts().contains(kind)) {
                f.add("mount=" + kind.cliName());
            }
        }
        if (spec.mounts().contains(MountKind.TMP)) {
            f.add("tmpsize=" + spec.limits().tmpBytes());
        }
        cgroup.dirs().forEach(dir -> f.add("cgroup=" + dir));
        spec.userMapping().ifPresent(m -> {
            f.add("uidmap=" + m.uidMapLine());
            f.add("gidmap=" + m.gidMapLine());
        });
        if (spec.has(Namespace.TIME)) {
            f.add("boottime=" + spec.boottimeOffset());
            f.add("monotonic=" + spec.monotonicOffset());
        }
        if (spec.stdio() == StdioMode.TERMINAL) {
            f.addAll(List.of("stdio=pty", "rows=24", "cols=80")); // the app sends its real size with resize
        } else {
            f.add("stdio=" + spec.stdio().name().toLowerCase(Locale.ROOT));
        }
        if (spec.confinement().level() == Confinement.Level.HOST_ROOT) {
            f.add("hostroot=1"); // the stage lets such a container keep the host root's powers
        }
        f.add("caps=" + Long.toHexString(keepCaps));
        f.add("path=" + spec.executable());
        spec.argv().forEach(a -> f.add("arg=" + a));
        spec.environment().forEach(e -> f.add("env=" + e));
        return new StageRequest(f);
    }

    /**
     * A shell in the namespaces of another's container: no rootfs, mounts or network of its own.
     * In the host's user namespace it is root with the host's powers only by hostroot=1, which
     * the validator gives root alone; otherwise the stage checks the user namespace's owner.
     */
    private static StageRequest enter(String id, ValidatedSpec spec, EnterSpec enter, ContainerCgroup cgroup,
            long keepCaps) {
        List<String> f = new ArrayList<>(List.of("op=launch", "id=" + id, "ns=none", "enter=" + enter.pid(),
                "enterstart=" + enter.startTicks()));
        enter.userOwnedBy().ifPresent(uid -> f.add("enteruid=" + Integer.toUnsignedString(uid)));
        cgroup.dirs().forEach(dir -> f.add("cgroup=" + dir));
        if (spec.stdio() == StdioMode.TERMINAL) {
            f.addAll(List.of("stdio=pty", "rows=24", "cols=80"));
        } else {
            f.add("stdio=" + spec.stdio().name().toLowerCase(Locale.ROOT));
        }
        if (enter.hostUserNamespace()) {
            f.add("hostroot=1");
        }
        f.add("caps=" + Long.toHexString(keepCaps));
        f.add("path=" + spec.executable());
        spec.argv().forEach(a -> f.add("arg=" + a));
        spec.environment().forEach(e -> f.add("env=" + e));
        return new StageRequest(f);
    }

    private static void addNetwork(List<String> f, NetworkAttachment n) {
        f.add("net=" + n.mode().cliName());
        f.add("hostif=" + n.hostInterface());
        if (n.bridge().isPresent()) {
            // The stage names the uplink after the bridge; its host end gets the bridge's address.
            f.add("bridge=" + n.bridge().get().name());
            f.add("bridgeaddr=" + n.hostAddress());
        } else {
            f.add("hostaddr=" + n.hostAddress());
        }
        f.add("addr=" + n.containerAddress());
        f.add("gateway=" + n.gateway());
    }

    /** COUNT echo requests to ADDRESS from the net namespace of host process PID (0: the host's). */
    /** This launch request, asking the stage to report when each step happened (the "steps" event). */
    public StageRequest timingSteps() {
        List<String> f = new ArrayList<>(fields);
        f.add("steps=1");
        return new StageRequest(f);
    }

    public static StageRequest ping(String id, long pid, String address, int count) {
        return new StageRequest(List.of("op=ping", "id=" + id, "pid=" + pid, "addr=" + address, "count=" + count));
    }

    /** Brings lo up in the net namespace of container process PID. */
    public static StageRequest loopback(String id, long pid) {
        return new StageRequest(List.of("op=loopback", "id=" + id, "pid=" + pid));
    }

    /** Cgroup directories about to be created: the stage removes them if no launch follows. */
    public static StageRequest claim(List<Path> dirs) {
        List<String> f = new ArrayList<>();
        f.add("op=claim");
        dirs.forEach(dir -> f.add("cgroup=" + dir));
        return new StageRequest(f);
    }

    /** The broker gave up before launching: the stage forgets these cgroups. */
    public static StageRequest unclaim(List<Path> dirs) {
        List<String> f = new ArrayList<>();
        f.add("op=unclaim");
        dirs.forEach(dir -> f.add("cgroup=" + dir));
        return new StageRequest(f);
    }

    /** Keystrokes for a terminal container. */
    public static StageRequest input(String id, byte[] data) {
        return new StageRequest(List.of("op=input", "id=" + id, "data=" + HexFormat.of().formatHex(data)));
    }

    /** A terminal container's new window size. */
    public static StageRequest resize(String id, int rows, int cols) {
        return new StageRequest(List.of("op=resize", "id=" + id, "rows=" + rows, "cols=" + cols));
    }

    /** Send SIG to HOSTPID, which the stage accepts only for a container's first process. */
    public static StageRequest signal(String id, long hostPid, int signal) {
        return new StageRequest(List.of("op=signal", "id=" + id, "pid=" + hostPid, "sig=" + signal));
    }

    /**
     * Send SIG to host process PID, which the stage accepts only for a process in CONTAINER's
     * cgroup; answered by probe lines tagged ID ("signalled" or "refused", then "end").
     */
    public static StageRequest signalProcess(String id, String container, long pid, int signal) {
        return new StageRequest(List.of("op=signal-process", "id=" + id, "container=" + container, "pid=" + pid,
                "sig=" + signal));
    }

    /** Report what PID sees from inside its UTS, IPC and net namespaces; answered by probe lines tagged ID. */
    public static StageRequest probe(String id, long pid) {
        return new StageRequest(List.of("op=probe", "id=" + id, "pid=" + pid));
    }

    /** Scan /proc: every process, or only those outside the stage's own PID namespace. */
    public static StageRequest scanProcesses(String id, boolean outsideOwnPidNamespace) {
        return new StageRequest(List.of("op=probe", "id=" + id, "what=" + (outsideOwnPidNamespace
                ? "processes-outside-my-pid-namespace" : "processes")));
    }

    /** Raw fields, for checking how the stage treats requests no validator would let through. */
    static StageRequest ofFields(List<String> fields) {
        return new StageRequest(fields);
    }

    /** The bytes written to the stage's request pipe. */
    byte[] encode() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String field : fields) {
            if (field.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a request field holds a NUL byte");
            }
            body.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 4);
        out.write(len);
        out.write(len >>> 8);
        out.write(len >>> 16);
        out.write(len >>> 24);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}

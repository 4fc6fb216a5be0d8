package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nsexplorer.helper.cgroup.OwnerTag;
import org.nsexplorer.helper.discover.CgroupClues;
import org.nsexplorer.helper.discover.Maker;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Which processes a caller may look at. Root sees every process. Any other caller (pkexec
 * or sudo set PKEXEC_UID or SUDO_UID) sees only what their own account could inspect with
 * ptrace: their own processes (real, effective and saved uid all theirs), and the processes
 * of containers that a helper started for them (in an nsx-PID-START-N cgroup whose helper
 * is alive and serves the same caller). A caller who may drive a running dockerd (its socket is
 * theirs or their group's: `docker exec` is open to them) also sees Docker's containers. PID 1
 * and other users' processes stay hidden; the host summary (the helper's own view) stays open
 * to everyone.
 */
public final class SeeingRule {
    private static final Pattern CONTAINER_CGROUP = Pattern.compile("^/(nsx-\\d+-\\d+-\\d+)(/.*)?$");
    private static final Pattern DOCKER_SCOPE = Pattern.compile(
            "^/(system\\.slice/docker-[0-9a-f]{64}\\.scope|docker/[0-9a-f]{64})$");
    private static final long DOCKER_CHECK_NANOS = 5_000_000_000L;
    private final OptionalInt caller;
    private volatile boolean dockerUsable;
    private volatile long dockerCheckedAt;

    private SeeingRule(OptionalInt caller) {
        this.caller = caller;
    }

    /** The rule for the caller who started this helper. */
    public static SeeingRule forThisHelper() {
        return forCaller(HostFacts.current().invokingUid());
    }

    /** @param caller the invoking user's uid; empty when root ran the helper directly */
    public static SeeingRule forCaller(OptionalInt caller) {
        return new SeeingRule(caller);
    }

    /** Whether the caller may see PID, which must still run: one that ended meanwhile is no longer theirs to see. */
    public boolean allows(long pid) {
        if (caller.isPresent() && caller.getAsInt() != 0 && uids(Path.of("/proc", Long.toString(pid))).isEmpty()) {
            return false;
        }
        try {
            check(pid);
            return true;
        } catch (NotYoursException e) {
            return false;
        }
    }

    /**
     * Whether the caller may read what ENGINE keeps of its containers in root's files (their
     * names and images): root may; docker's, whoever may use dockerd's socket (`docker inspect`
     * says as much); Kubernetes', containerd's and CRI-O's, root alone. The others' names come
     * from what everyone may read (conmon's command line, a cgroup's name).
     */
    public boolean mayReadRecordsOf(String engine) {
        if (caller.isEmpty() || caller.getAsInt() == 0) {
            return true;
        }
        return switch (engine) {
            case "docker" -> mayUseDocker();
            case "kubernetes", "containerd", "cri-o" -> false;
            default -> true;
        };
    }

    /** DockerSockets' answer for the caller, kept a few seconds: a discover asks it once per container. */
    private boolean mayUseDocker() {
        long now = System.nanoTime();
        if (dockerCheckedAt == 0 || now - dockerCheckedAt > DOCKER_CHECK_NANOS) {
            dockerUsable = DockerSockets.usableBy(caller.getAsInt());
            dockerCheckedAt = now == 0 ? 1 : now;
        }
        return dockerUsable;
    }

    /**
     * Whether the caller may open a root shell in PID's namespaces where root is the host's
     * (no user namespace of its own): root may; a caller who may use dockerd's socket may, in
     * Docker's containers, since `docker exec` opens that shell for them already.
     */
    public boolean mayExecAsRootIn(long pid) {
        if (caller.isEmpty() || caller.getAsInt() == 0) {
            return true;
        }
        return inDockerScope(Path.of("/proc", Long.toString(pid))) && mayUseDocker();
    }

    /**
     * Whether the process is in the cgroup of a Docker container where dockerd alone puts one:
     * /system.slice/docker-ID.scope (systemd driver) or /docker/ID (cgroupfs), in any hierarchy.
     * A docker-ID.scope nested in a cgroup delegated to someone (a user's, an LXC container's)
     * is not.
     */
    private static boolean inDockerScope(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup")).stream()
                    .map(line -> line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1))
                    .anyMatch(path -> DOCKER_SCOPE.matcher(path).matches());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Refuses PID unless the caller may see it; a PID that does not exist is left to the caller to report. */
    public void check(long pid) throws NotYoursException {
        if (caller.isEmpty() || caller.getAsInt() == 0 || pid == ProcessHandle.current().pid()) {
            return;
        }
        Path dir = Path.of("/proc", Long.toString(pid));
        Optional<List<Long>> uids = uids(dir);
        if (uids.isEmpty()) {
            return; // gone: the snapshot says "no process"
        }
        if (uids.get().stream().allMatch(u -> u == caller.getAsInt()) || inCallersContainer(dir)
                || inDockerContainer(dir) && mayUseDocker()) {
            return;
        }
        throw new NotYoursException(pid, uids.get().get(0), caller.getAsInt());
    }

    /** Real, effective, saved and filesystem uid, from the Uid: line of /proc/PID/status. */
    private static Optional<List<Long>> uids(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    return Optional.of(Arrays.stream(line.substring(4).trim().split("\\s+"))
                            .map(Long::parseLong).toList());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or unreadable: nothing to show either way
        }
        return Optional.empty();
    }

    /** Whether the process is in a container cgroup of a live helper that serves the same caller. */
    private boolean inCallersContainer(Path dir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("cgroup"));
        } catch (IOException e) {
            return false;
        }
        for (String line : lines) {
            // hierarchy:controllers:/nsx-PID-START-N, and nothing but a top-level nsx cgroup counts
            Matcher m = CONTAINER_CGROUP.matcher(line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1));
            if (m.matches()) {
                Optional<OwnerTag> owner = OwnerTag.ofCgroupName(m.group(1));
                if (owner.isPresent() && owner.get().isAlive() && callerOf(owner.get().pid()).equals(caller)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the process is in a cgroup that root's dockerd made for a container (a user may name one alike). */
    private static boolean inDockerContainer(Path dir) {
        try {
            String cgroup = Files.readString(dir.resolve("cgroup"));
            return !cgroup.contains("/user@") && CgroupClues.of(cgroup).filter(c -> c.maker() == Maker.DOCKER)
                    .isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The caller a helper serves, from the environment it was started with (pkexec and sudo set it). */
    private static OptionalInt callerOf(long helperPid) {
        if (helperPid == ProcessHandle.current().pid()) {
            return HostFacts.current().invokingUid();
        }
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(helperPid), "environ"));
            Map<String, String> env = new HashMap<>();
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return HostFacts.invokingUid(env);
        } catch (IOException e) {
            return OptionalInt.of(-1); // unreadable: serves nobody we know
        }
    }

    /** A snapshot of a process that the caller may not see. */
    public static final class NotYoursException extends WordedIOException {
        private static final long serialVersionUID = 1L;

        NotYoursException(long pid, long owner, int caller) {
            super(Word.SNAPSHOT_NOT_YOURS, pid, owner, caller);
        }
    }
}

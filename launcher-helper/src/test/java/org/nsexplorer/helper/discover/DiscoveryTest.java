package org.nsexplorer.helper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.snapshot.ProcEntry;
import org.nsexplorer.helper.spec.Namespace;

/**
 * Which processes are a container's first, on a process table made here (the test with real
 * engines and real namespaces is DiscoverTest): nested namespaces belong to their container,
 * the helper's own processes are left out, a parent's word is trusted only from root or the
 * container's own user.
 */
class DiscoveryTest {
    private static final String ID = "4f1c0a5e9d2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";
    private static final long SELF = 300;
    private final List<ProcEntry> table = new ArrayList<>();
    private final Map<Long, String> cgroups = new HashMap<>();

    private static Map<String, Long> namespaces(long base, String... own) {
        Map<String, Long> ns = new LinkedHashMap<>();
        for (String type : Namespace.PROC_NAMES) {
            ns.put(type, List.of(own).contains(type) ? base + type.length() : 4026531000L + type.length());
        }
        return ns;
    }

    private void process(long pid, long ppid, String comm, String cmdline, long uid, Map<String, Long> ns) {
        table.add(new ProcEntry(pid, ppid, new long[] {pid}, comm, cmdline, uid, "S", ns));
    }

    private List<FoundContainer> found() {
        return Discovery.find(table, namespaces(0), SELF, pid -> cgroups.getOrDefault(pid, "0::/"),
                name -> name.startsWith("nsx-300-"), new EngineRecords(java.nio.file.Path.of("/nonexistent")));
    }

    private String summary() {
        return String.join("; ", found().stream().map(c -> c.engine() + " " + c.hostPid() + " " + c.name() + " "
                + c.processes() + " " + c.ownNamespaces()).toList());
    }

    @Test
    void aContainersOwnNamespacesInsideItAreItsOwn() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(100, 1, "containerd-shim", "containerd-shim-runc-v2 -namespace moby -id " + ID, 0, host);
        Map<String, Long> docker = namespaces(1000, "mnt", "uts", "ipc", "net", "pid");
        process(101, 100, "sh", "sh", 0, docker);
        process(102, 101, "sleep", "sleep 9", 0, docker);
        // An unshare run inside the container: still the docker container's.
        process(103, 101, "unshare", "unshare -n sh", 0, namespaces(2000, "mnt", "uts", "ipc", "net", "pid"));
        cgroups.put(101L, "12:memory:/docker/" + ID + "\n0::/");
        process(200, 1, "unshare", "unshare -u sh", 0, namespaces(3000, "uts"));
        assertEquals("docker 101 null 3 [mnt, uts, ipc, net, pid]; unknown 200 null 1 [uts]", summary());
    }

    @Test
    void theHelpersOwnProcessesAndContainersAreNotListed() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(SELF, 1, "java", "java nsx-helper serve", 0, host);
        process(301, SELF, "nsx-stage", "nsx-stage", 0, namespaces(4000, "net"));
        process(302, 301, "sh", "sh", 0, namespaces(5000, "mnt", "pid"));
        // Another helper: its switch's anchor is no container; its containers are.
        process(400, 1, "java", "java nsx-helper serve", 0, host);
        process(401, 400, "nsx-stage", "nsx-stage", 0, namespaces(6000, "net"));
        process(402, 400, "sh", "sh", 0, namespaces(7000, "mnt", "pid"));
        cgroups.put(402L, "4:memory:/nsx-400-77-1\n0::/");
        // A container of ours that outlived its place in the tree (reparented): its cgroup says it is ours.
        process(303, 1, "sh", "sh", 0, namespaces(8000, "mnt"));
        cgroups.put(303L, "4:memory:/nsx-300-55-2\n0::/");
        // Another helper's container being set up: the stage's child, already its user, not yet exec'd.
        process(403, 401, "nsx-stage", "nsx-stage", 1000, namespaces(9500, "mnt", "pid"));
        // A user's process that names itself nsx-stage is no helper's: it is listed.
        process(500, 1, "nsx-stage", "nsx-stage", 1000, namespaces(9000, "uts"));
        assertEquals("nsx-explorer 402 null 1 [mnt, pid]; unknown 500 null 1 [uts]", summary());
    }

    @Test
    void aParentsWordIsTakenFromRootOrTheContainersOwnUser() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(500, 1, "systemd-nspawn", "systemd-nspawn -q -M debian-box -D /var/lib/machines/debian", 0, host);
        process(501, 500, "bash", "bash", 0, namespaces(9000, "mnt", "uts", "ipc", "pid"));
        // A user's own process calling itself conmon speaks for that user's processes only.
        process(600, 1, "conmon", "conmon -c " + ID + " -n mine", 1000, host);
        process(601, 600, "sh", "sh", 1000, namespaces(9100, "mnt", "user"));
        process(700, 1, "conmon", "conmon -c " + ID + " -n roots", 1000, host);
        process(701, 700, "sh", "sh", 0, namespaces(9200, "mnt"));
        assertEquals("systemd-nspawn 501 debian-box 1 [mnt, uts, ipc, pid]; podman 601 mine 1 [mnt, user];"
                + " unknown 701 null 1 [mnt]", summary());
    }

    @Test
    void aProcessBackInTheHostsNamespacesIsNoContainer() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(800, 1, "unshare", "unshare -m sh", 0, namespaces(9300, "mnt"));
        // nsenter back into the host's namespaces from inside: the host's again.
        process(801, 800, "nsenter", "nsenter -t 1 -m sh", 0, host);
        assertEquals("unknown 800 null 2 [mnt]", summary());
    }

    /** `docker exec` and `nsenter` enter a container from outside: the same container, counted once, PID 1 first. */
    @Test
    void anExecIntoAContainerIsThatContainer() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(100, 1, "containerd-shim", "containerd-shim-runc-v2 -namespace moby -id " + ID, 0, host);
        Map<String, Long> docker = namespaces(1000, "mnt", "uts", "ipc", "net", "pid");
        table.add(new ProcEntry(101, 100, new long[] {101, 1}, "sleep", "sleep 9", 0, "S", docker));
        table.add(new ProcEntry(150, 100, new long[] {150, 7}, "sh", "sh", 0, "S", docker)); // docker exec
        table.add(new ProcEntry(151, 150, new long[] {151, 8}, "ps", "ps", 0, "S", docker));
        cgroups.put(101L, "0::/docker/" + ID);
        cgroups.put(150L, "0::/docker/" + ID);
        assertEquals("docker 101 null 3 [mnt, uts, ipc, net, pid]", summary());
    }

    /** Rootless engines: the runtime's user namespace is one container, the engine's containers below it others. */
    @Test
    void aRootlessEnginesContainersAreFoundBelowItsUserNamespace() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(700, 1, "rootlesskit", "rootlesskit dockerd", 1000, namespaces(7000, "user", "mnt", "net"));
        process(701, 700, "dockerd", "dockerd", 1000, namespaces(7000, "user", "mnt", "net"));
        process(702, 701, "sh", "sh", 1000, namespaces(7100, "user", "mnt", "uts", "ipc", "net", "pid"));
        cgroups.put(702L, "0::/user.slice/user-1000.slice/user@1000.service/user.slice/docker-" + ID + ".scope");
        assertEquals("unknown 700 null 2 [mnt, net, user]; docker 702 null 1 [mnt, uts, ipc, net, pid, user]",
                summary());
    }

    /** Where even root may not read PID 1's namespaces, its children are compared with the host's. */
    @Test
    void aChildOfAnUnreadablePid1IsComparedWithTheHost() {
        Map<String, Long> unreadable = new LinkedHashMap<>();
        Namespace.PROC_NAMES.forEach(type -> unreadable.put(type, null));
        process(1, 0, "init", "init", 0, unreadable);
        process(900, 1, "sh", "sh", 0, namespaces(9500, "mnt", "pid"));
        process(901, 1, "cron", "cron", 0, namespaces(0));
        assertEquals("unknown 900 null 1 [mnt, pid]", summary());
    }

    @Test
    void namesAreMadeFitToShow() {
        Map<String, Long> host = namespaces(0);
        process(1, 0, "init", "init", 0, host);
        process(900, 1, "lxc-start", "lxc-start -n web\u001b[2J1", 0, host);
        process(901, 900, "init", "init", 0, namespaces(9400, "mnt", "pid"));
        assertEquals("lxc 901 web[2J1 1 [mnt, pid]", summary());
    }
}

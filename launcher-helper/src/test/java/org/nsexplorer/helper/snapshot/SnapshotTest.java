package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.spec.SpecParsers;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.Limits;

/** Snapshots of real containers, checked against what independent tools say about the same process. */
class SnapshotTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Engine engine;
    private static Snapshotter snapshotter;
    private static Container container;
    private static long pid;

    @BeforeAll
    static void launch() throws Exception {
        engine = Helper.openEngine(false);
        snapshotter = new Snapshotter(engine);
        container = engine.launch(ContainerSpec.of(List.of("/bin/sh", "-c", "sleep 300 & ipcmk -M 4096; wait"))
                .withHostname("snap-box").withNamespaces(SpecParsers.parseNamespaces("mnt,uts,ipc,net,pid,user"))
                .withMapRoot(2000).withLimits(new Limits(OptionalLong.of(64L << 20), OptionalDouble.empty(),
                        OptionalLong.of(50))), new ContainerListener() {
                        });
        pid = container.started().get(20, TimeUnit.SECONDS);
        // Wait until the sleep and the segment are there.
        for (int i = 0; i < 200 && snapshotter.of(pid).ipc().sharedMemory().isEmpty(); i++) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }

    @Test
    void namespaceInodesMatchLsns() throws Exception {
        Snapshot s = snapshotter.of(pid);
        JsonNode lsns = JSON.readTree(run("lsns", "-J", "-p", Long.toString(pid), "-o", "NS,TYPE"));
        Map<String, Long> byLsns = new HashMap<>();
        for (JsonNode ns : lsns.get("namespaces")) {
            byLsns.put(ns.get("type").asText(), ns.get("ns").asLong());
        }
        assertEquals(8, byLsns.size(), lsns.toString());
        assertEquals(byLsns, new HashMap<>(s.namespaces()));
    }

    @Test
    void hostnameMatchesNsenter() throws Exception {
        assertEquals(run("nsenter", "-t", Long.toString(pid), "-u", "hostname").trim(), snapshotter.of(pid).hostname());
        assertEquals("snap-box", snapshotter.of(pid).hostname());
        assertEquals(run("hostname").trim(), snapshotter.host().hostname());
    }

    @Test
    void interfacesMatchIpAddrInTheContainersNetworkNamespace() throws Exception {
        for (Snapshot s : List.of(snapshotter.of(pid), snapshotter.host())) {
            String netPid = Long.toString(s.pid());
            JsonNode ip = JSON.readTree(run("nsenter", "-t", netPid, "-n", "ip", "-j", "addr"));
            Set<String> expected = new TreeSet<>();
            for (JsonNode link : ip) {
                expected.add(link.get("ifname").asText() + " index=" + link.get("ifindex").asInt() + " mtu="
                        + link.get("mtu").asInt());
                for (JsonNode a : link.get("addr_info")) {
                    expected.add(link.get("ifname").asText() + " " + a.get("local").asText() + "/"
                            + a.get("prefixlen").asInt());
                }
            }
            Set<String> actual = new TreeSet<>();
            for (NetInterface i : s.interfaces()) {
                actual.add(i.name() + " index=" + i.index() + " mtu=" + i.mtu());
                i.addresses().forEach(a -> actual.add(i.name() + " " + a.address() + "/" + a.prefixLength()));
            }
            assertEquals(expected, actual);
        }
        assertEquals(List.of("lo"), snapshotter.of(pid).interfaces().stream().map(NetInterface::name).toList());
    }

    @Test
    void mountTargetsMatchFindmnt() throws Exception {
        JsonNode findmnt = JSON.readTree(run("findmnt", "-J", "-l", "-N", Long.toString(pid), "-o", "TARGET,FSTYPE"));
        List<String> expected = new ArrayList<>();
        findmnt.get("filesystems").forEach(f -> expected.add(f.get("target").asText() + " " + f.get("fstype").asText()));
        List<String> actual = snapshotter.of(pid).mounts().stream().map(m -> m.target() + " " + m.fstype()).toList();
        assertEquals(new TreeSet<>(expected), new TreeSet<>(actual));
        assertTrue(actual.contains("/proc proc"), actual.toString());
    }

    @Test
    void processesAndTheirPidsMatchPsRunInsideTheContainer() throws Exception {
        String ps = run("nsenter", "-t", Long.toString(pid), "-a", "ps", "-e", "-o", "pid=,ppid=,comm=");
        Set<String> inside = ps.lines().map(String::trim).map(l -> l.replaceAll("\\s+", " "))
                .filter(l -> !l.endsWith(" ps")).collect(Collectors.toCollection(TreeSet::new));
        Snapshot s = snapshotter.of(pid);
        Set<String> seen = s.processes().stream().map(p -> p.nsPid() + " " + p.nsPpid() + " " + p.comm())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inside, seen);
        ProcessInfo init = s.processes().get(0);
        assertEquals(1, init.nsPid());
        assertEquals(pid, init.hostPid());
        assertEquals(0L, init.uid(), "root inside");
        assertEquals(2000, init.hostUid(), "mapped to --map-root outside");
    }

    @Test
    void aProcessThatJoinedThePidNamespaceFromTheHostIsListedWithItsParentOutside() throws Exception {
        // nsenter stays on the host; the sleep it forks is in the container's PID namespace, no descendant of its init.
        Process joined = new ProcessBuilder("nsenter", "-t", Long.toString(pid), "-p", "--", "sleep", "60").start();
        ProcessHandle sleeper = null;
        try {
            for (int i = 0; i < 200 && sleeper == null; i++) {
                sleeper = joined.children().findFirst().orElse(null);
                Thread.sleep(10);
            }
            long hostPid = sleeper.pid();
            ProcessInfo seen = snapshotter.of(pid).processes().stream().filter(p -> p.hostPid() == hostPid)
                    .findFirst().orElseThrow(() -> new AssertionError("not listed: " + hostPid));
            assertEquals("sleep", seen.comm());
            assertEquals(0, seen.nsPpid(), "its parent, nsenter, is outside the namespace");
            assertEquals(joined.pid(), seen.hostPpid());
            String ps = run("nsenter", "-t", Long.toString(pid), "-a", "ps", "-o", "pid=", "-p",
                    Long.toString(seen.nsPid()));
            assertEquals(Long.toString(seen.nsPid()), ps.trim(), "the PID ps inside shows for it");
        } finally {
            // The sleep first: killing nsenter would leave it in the container.
            if (sleeper != null) {
                sleeper.destroyForcibly();
            }
            joined.destroyForcibly();
            joined.waitFor();
            if (sleeper != null) {
                sleeper.onExit().get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theProberListsTheContainersPidNamespaceAsAFullScanFindsIt() throws Exception {
        ProbeResult probe = engine.stage().probe(pid).get(5, TimeUnit.SECONDS);
        Assumptions.assumeTrue(probe.pidNamespaceProcesses() != null || !kernelAtLeast(6, 18),
                "listing a PID namespace needs procfs pidns= (a recent kernel)");
        assertTrue(probe.pidNamespaceProcesses() != null, "this kernel has procfs pidns=: the prober lists");
        ProcEntry target = ProcEntry.read(Path.of("/proc"), pid).orElseThrow();
        List<ProcEntry> scanned = ProcessTable.of(engine.stage().scanProcesses(true).get(5, TimeUnit.SECONDS))
                .visibleFrom(target);
        assertEquals(hostPids(scanned), hostPids(probe.pidNamespaceProcesses()));
        assertEquals(scanned.stream().map(e -> e.comm() + " " + e.cmdline() + " " + e.namespaces()).toList(),
                ProcessTable.of(probe.pidNamespaceProcesses()).listedAt(target.level()).stream()
                        .map(e -> e.comm() + " " + e.cmdline() + " " + e.namespaces()).toList());
        ProbeResult host = engine.stage().probe(ProcessHandle.current().pid()).get(5, TimeUnit.SECONDS);
        assertEquals(null, host.pidNamespaceProcesses(), "the host's own PID namespace is the scanner's");
    }

    private static Set<Long> hostPids(List<ProcEntry> entries) {
        return entries.stream().map(ProcEntry::hostPid).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        return ma > major || (ma == major && Integer.parseInt(v[1]) >= minor);
    }

    @Test
    void aKernelThreadIsListedWithItsNameAndNoCommandLine() throws Exception {
        ProcessInfo kthreadd = snapshotter.host().processes().stream().filter(p -> p.hostPid() == 2).findFirst()
                .orElseThrow();
        assertEquals("kthreadd", kthreadd.comm());
        assertEquals("", kthreadd.cmdline());
        assertEquals(0, kthreadd.hostPpid());
    }

    @Test
    void userMapsIpcAndCgroupAreTheContainers() throws Exception {
        Snapshot s = snapshotter.of(pid);
        assertEquals(List.of(new IdMapRange(0, 2000, 1)), s.uidMap());
        assertEquals(1, s.ipc().sharedMemory().size());
        assertEquals(4096, s.ipc().sharedMemory().get(0).size());
        assertTrue(snapshotter.host().ipc().sharedMemory().stream().noneMatch(m -> m.size() == 4096
                && m.key() == s.ipc().sharedMemory().get(0).key()), "the container's segment is not the host's");
        assertTrue(s.cgroup().path().contains(container.cgroup().name()), s.cgroup().path());
        assertEquals(64L << 20, s.cgroup().memory().limitBytes());
        assertTrue(s.cgroup().memory().currentBytes() > 0);
        assertEquals(50L, s.cgroup().pids().limit());
        assertEquals(2L, s.cgroup().pids().current(), "sh and sleep");
    }

    @Test
    void aProcessSharingEveryNamespaceSeesWhatTheHostSees() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Snapshot host = snapshotter.host();
            Snapshot same = snapshotter.of(sleeper.pid());
            assertEquals(host.namespaces(), same.namespaces());
            assertEquals(host.hostname(), same.hostname());
            assertEquals(host.domainname(), same.domainname());
            assertEquals(host.interfaces(), same.interfaces());
            assertEquals(host.mounts(), same.mounts());
            assertEquals(host.uidMap(), same.uidMap());
            assertEquals(host.ipc(), same.ipc());
            Set<Long> a = host.processes().stream().map(ProcessInfo::hostPid).collect(Collectors.toSet());
            Set<Long> b = same.processes().stream().map(ProcessInfo::hostPid).collect(Collectors.toSet());
            Set<Long> differ = new HashSet<>(a);
            differ.addAll(b);
            a.retainAll(b);
            differ.removeAll(a);
            differ.removeIf(p -> !ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)
                    || ProcessHandle.of(p).flatMap(h -> h.info().startInstant()).map(t -> t.isAfter(
                            Instant.now().minusSeconds(5))).orElse(true));
            assertEquals(Set.of(), differ, "processes seen by one side only (not explained by churn)");
            assertTrue(host.processes().stream().anyMatch(p -> p.hostPid() == 1), "PID 1 is listed");
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void churnNeverBreaksASnapshotNorListsAProcessTwice() throws Exception {
        Process churn = new ProcessBuilder("/bin/sh", "-c", "while :; do /bin/true & /bin/true; done").start();
        try {
            for (int i = 0; i < 20; i++) {
                Snapshot s = snapshotter.host();
                List<Long> pids = s.processes().stream().map(ProcessInfo::hostPid).toList();
                assertEquals(new HashSet<>(pids).size(), pids.size(), "a process listed twice");
                Set<Long> nsPids = s.processes().stream().map(ProcessInfo::nsPid).collect(Collectors.toSet());
                for (ProcessInfo p : s.processes()) {
                    assertTrue(p.nsPpid() == 0 || nsPids.contains(p.nsPpid()), "parent not listed: " + p);
                }
            }
        } finally {
            churn.destroyForcibly();
            churn.waitFor();
        }
    }

    @Test
    void aMissingPidIsAClearErrorAndSnapshotsChangeNothing() throws Exception {
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        Snapshotter.NoSuchProcessException e = assertThrows(Snapshotter.NoSuchProcessException.class,
                () -> snapshotter.of(4_000_000));
        assertTrue(e.getMessage().contains("no process 4000000"), e.getMessage());
        for (int i = 0; i < 5; i++) {
            Snapshot s = snapshotter.of(pid);
            // The prober joins no PID namespace: nothing ever runs inside the container.
            assertEquals(List.of("sh", "sleep"), s.processes().stream().map(ProcessInfo::comm).toList());
        }
        assertEquals(mounts, Files.readString(Path.of("/proc/self/mountinfo")));
        assertFalse(container.exited().isDone());
    }

    @Test
    void theHostSnapshotCarriesSystemFactsAndAContainersDoesNot() throws Exception {
        SystemSummary system = snapshotter.host().system();
        assertEquals(Runtime.getRuntime().availableProcessors(), system.logicalCpus());
        long memTotalKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        assertEquals(memTotalKiB * 1024, system.memoryTotalBytes());
        assertEquals(run("uname", "-r").trim(), system.kernel());
        assertEquals(run("sh", "-c", ". /etc/os-release; echo \"$NAME $VERSION_ID\"").trim(), system.os());
        assertEquals(run("sh", "-c", "lscpu | sed -n 's/^Model name: *//p' | head -1").trim(), system.cpuModel());
        assertTrue(system.memoryAvailableBytes() > 0 && system.memoryAvailableBytes() <= system.memoryTotalBytes());
        assertEquals(null, snapshotter.of(pid).system());
    }

    @Test
    void aVethEndInTheContainerNamesItsPeerOnTheHost() throws Exception {
        // A pair made by hand (the helper's own veth support is a later feature); no traffic is sent.
        String host = "nsxsnap0";
        String inside = "nsxsnap1";
        run("ip", "link", "add", host, "type", "veth", "peer", "name", inside);
        try {
            run("ip", "link", "set", inside, "netns", Long.toString(pid));
            int hostIndex = Integer.parseInt(Files.readString(Path.of("/sys/class/net", host, "ifindex")).trim());
            NetInterface end = snapshotter.of(pid).interfaces().stream().filter(i -> i.name().equals(inside))
                    .findFirst().orElseThrow();
            assertEquals(hostIndex, end.peerIndex());
            assertFalse(end.mac().isEmpty());
            NetInterface hostEnd = snapshotter.host().interfaces().stream().filter(i -> i.name().equals(host))
                    .findFirst().orElseThrow();
            assertEquals(end.index(), hostEnd.peerIndex());
        } finally {
            run("ip", "link", "del", host);
        }
    }
}

package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.Procs;
import org.nsexplorer.helper.support.ServeSession;

/** Nothing a container was given outlives it: not after its end, nor after a kill -9 anywhere. */
class CleanupTest {
    private HostState before;
    /** Sleeps already running: another class's leftover is LeftoverSleepCheck's to report, not ours. */
    private Set<Long> sleepsBefore;

    @BeforeEach
    void captureHost() throws Exception {
        before = HostState.capture();
        sleepsBefore = pgrepSleep300().stream().collect(Collectors.toSet());
        assertEquals(List.of(), before.nsxCgroups(), "a previous test leaked cgroups");
    }

    @Test
    void afterANormalEndNothingRemains() throws Exception {
        assertEquals(0, HelperCli.run("run", "--memory", "64M", "--cpus", "0.5", "--pids", "50", "--mounts",
                "proc,sys,tmp,dev", "--", "/bin/sh", "-c", "sleep 0.1 & sleep 0.2 & wait").exit());
        assertEquals(before, HostState.capture());
    }

    @Test
    void backgroundProcessesOfAContainerWithoutPidNamespaceAreKilledWithIt() throws Exception {
        // Without a PID namespace, the orphaned sleep would live on after its shell exits.
        assertEquals(0, HelperCli.run("run", "--ns", "mnt,uts,ipc,net", "--", "/bin/sh", "-c",
                "sleep 300 & exit 0").exit());
        assertEquals(before, HostState.awaitEqual(before));
        assertTrue(newSleep300().isEmpty(), "a sleep 300 survived its container: " + newSleep300());
    }

    @ParameterizedTest(name = "helper killed {0} ms after start")
    @ValueSource(ints = {0, 100, 200, 250, 300, 350, 400, 450, 500, 600, 900})
    void killMinus9OfTheHelperAtAnyMomentLeavesNothing(int delayMillis, @TempDir Path tmp) throws Exception {
        Path pidFile = tmp.resolve("pid");
        Process helper = HelperCli.builder(List.of("run", "--memory", "64M", "--pid-file", pidFile.toString(), "--",
                "/bin/sh", "-c", "sleep 300 & sleep 300")).start();
        Thread.sleep(delayMillis);
        helper.destroyForcibly();
        helper.waitFor();
        // Killed between creating the pid file and writing it, the helper leaves it empty.
        String written = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "";
        long containerPid = written.isEmpty() ? -1 : Long.parseLong(written);
        if (containerPid > 0) {
            assertTrue(Procs.awaitDeath(containerPid, Duration.ofSeconds(5)), "container outlived its helper");
        }
        // Even killed between creating a cgroup and sending the launch: the stage removes what was claimed.
        assertEquals(before, HostState.awaitEqual(before));
        assertTrue(newSleep300().isEmpty(), "processes survived: " + newSleep300());
    }

    @Test
    void killMinus9OfTheHelperWhileRunningLeavesNothingEvenBeforeTheNextStart() throws Exception {
        try (BackgroundRun run = new BackgroundRun("--memory", "64M", "--", "/bin/sleep", "300")) {
            long containerPid = run.containerPid();
            run.helper().destroyForcibly();
            assertTrue(Procs.awaitDeath(containerPid, Duration.ofSeconds(5)));
            assertEquals(before, HostState.awaitEqual(before));
        }
    }

    @Test
    void killMinus9OfTheHelperLeavesNoVethBridgeOrOverlayBehindEvenBeforeTheNextStart() throws Exception {
        Path overlays = HelperPaths.stateDir().resolve("overlay");
        List<String> overlaysBefore = listNames(overlays);
        try (BackgroundRun veth = new BackgroundRun("--net", "veth", "--overlay", "--", "/bin/sleep", "300");
                BackgroundRun bridge = new BackgroundRun("--net", "bridge", "--", "/bin/sleep", "300")) {
            long vethPid = veth.containerPid();
            long bridgePid = bridge.containerPid();
            assertTrue(HostState.listNsxInterfaces().stream().anyMatch(n -> n.startsWith("nsxsw")), "no uplink");
            assertTrue(listNames(overlays).size() > overlaysBefore.size(), "no overlay directory was made");
            veth.helper().destroyForcibly();
            bridge.helper().destroyForcibly();
            assertTrue(Procs.awaitDeath(vethPid, Duration.ofSeconds(5)));
            assertTrue(Procs.awaitDeath(bridgePid, Duration.ofSeconds(5)));
            assertEquals(before, HostState.awaitEqual(before), "an interface or cgroup outlived the helper");
            for (int i = 0; i < 100 && !listNames(overlays).equals(overlaysBefore); i++) {
                Thread.sleep(50);
            }
            assertEquals(overlaysBefore, listNames(overlays), "the overlay directory outlived the helper");
        }
    }

    private static List<String> listNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void killMinus9OfTheCallerLeavesNothing(@TempDir Path tmp) throws Exception {
        Path pidFile = tmp.resolve("pid");
        // The caller is a shell that runs the helper as its child, as a terminal or script would.
        List<String> helperArgv = HelperCli.builder(List.of("run", "--pid-file", pidFile.toString(), "--",
                "/bin/sleep", "300")).command();
        Process caller = new ProcessBuilder(concat(List.of("/bin/sh", "-c", "\"$@\"; echo done", "caller"),
                helperArgv)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long containerPid = Procs.awaitPidFile(pidFile, Duration.ofSeconds(20));
        caller.destroyForcibly();
        assertTrue(Procs.awaitDeath(containerPid, Duration.ofSeconds(10)), "container outlived its caller");
        assertEquals(before, HostState.awaitEqual(before));
    }

    @Test
    void closingServeInputKillsEveryContainerAndRemovesItsCgroups() throws Exception {
        ServeSession serve = new ServeSession();
        serve.awaitType("hello", Duration.ofSeconds(20));
        long[] pids = new long[3];
        for (int i = 0; i < 3; i++) {
            pids[i] = serve.launchRunning("r" + i, "{\"memory\":\"32M\",\"command\":[\"/bin/sleep\",\"300\"]}",
                    Duration.ofSeconds(20)).get("hostPid").asLong();
        }
        assertEquals(3, HostState.listNsxCgroups().size() / Math.max(1, cgroupDirsPerContainer()));
        assertEquals(0, serve.closeInput(Duration.ofSeconds(20)));
        for (long pid : pids) {
            assertFalse(Procs.alive(pid), "container " + pid + " outlived serve");
        }
        assertEquals(before, HostState.capture());
    }

    @Test
    void killMinus9OfAContainersMonitorIsReportedAndCleanedUp() throws Exception {
        try (ServeSession serve = new ServeSession()) {
            serve.awaitType("hello", Duration.ofSeconds(20));
            long pid = serve.launchRunning("r", "{\"memory\":\"32M\",\"command\":[\"/bin/sleep\",\"300\"]}",
                    Duration.ofSeconds(20)).get("hostPid").asLong();
            long monitor = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow().pid();
            ProcessHandle.of(monitor).orElseThrow().destroyForcibly();
            var error = serve.awaitType("error", Duration.ofSeconds(10));
            assertEquals("monitor", error.get("step").asText());
            assertTrue(Procs.awaitDeath(pid, Duration.ofSeconds(5)), "container outlived its monitor");
            assertEquals(before, HostState.awaitEqual(before));
            serve.send("{\"type\":\"list\",\"id\":\"l\"}");
            assertEquals(0, serve.awaitType("containers", Duration.ofSeconds(10)).get("containers").size());
        }
    }

    @Test
    void killMinus9OfTheStageEndsItsContainersAndTheNextLaunchStartsAFreshOne() throws Exception {
        try (ServeSession serve = new ServeSession()) {
            StageProcesses stage = StageProcesses.ofSleeper(serve);
            // A stopped monitor makes the race certain: its "exited" comes after the zygote is gone,
            // and must still reach the broker (the anchor keeps the event pipe open until then).
            try {
                stage.stopMonitorAndKillZygote();
                Thread.sleep(300);
                assertTrue(stage.anchor().isAlive(), "the anchor left before the monitor it waits for");
            } finally {
                signal("CONT", stage.monitor().pid()); // whatever happened, it must go on and clean up
            }
            assertEquals(137, serve.awaitType("exited", Duration.ofSeconds(10)).get("status").asInt());
            assertFalse(Procs.alive(stage.container()));
            serve.send("{\"type\":\"launch\",\"id\":\"again\",\"spec\":{\"command\":[\"/bin/true\"]}}");
            assertEquals(0, serve.awaitType("exited", Duration.ofSeconds(20)).get("status").asInt());
        }
        assertEquals(before, HostState.awaitEqual(before));
    }

    @Test
    void aLaunchWhileTheDeadStagesMonitorsStillEndGoesToAFreshStage() throws Exception {
        try (ServeSession serve = new ServeSession()) {
            StageProcesses stage = StageProcesses.ofSleeper(serve);
            // The stopped monitor holds the dead stage open: the next launch meets a stage that
            // no longer reads, and must go to a fresh one, not fail.
            try {
                stage.stopMonitorAndKillZygote();
                serve.send("{\"type\":\"launch\",\"id\":\"again\",\"spec\":{\"command\":[\"/bin/true\"]}}");
                JsonNode answer = serve.await(m -> "again".equals(m.path("id").asText()), Duration.ofSeconds(20));
                assertEquals("launched", answer.get("type").asText(), answer.toString());
                String again = answer.get("container").asText();
                JsonNode exited = serve.await(m -> again.equals(m.path("container").asText())
                        && Set.of("exited", "error").contains(m.path("type").asText()), Duration.ofSeconds(20));
                assertEquals(0, exited.path("status").asInt(-1), exited.toString());
            } finally {
                signal("CONT", stage.monitor().pid());
            }
            assertTrue(Procs.awaitDeath(stage.container(), Duration.ofSeconds(10)), "the dead stage's container lived on");
        }
        assertEquals(before, HostState.awaitEqual(before));
    }

    /** A running container's processes as the stage forked them: container, its monitor, the zygote, the anchor. */
    private record StageProcesses(long container, ProcessHandle monitor, ProcessHandle zygote, ProcessHandle anchor) {
        static StageProcesses ofSleeper(ServeSession serve) throws Exception {
            serve.awaitType("hello", Duration.ofSeconds(20));
            long pid = serve.launchRunning("r", "{\"command\":[\"/bin/sleep\",\"300\"]}", Duration.ofSeconds(20))
                    .get("hostPid").asLong();
            ProcessHandle monitor = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow();
            ProcessHandle zygote = monitor.parent().orElseThrow();
            return new StageProcesses(pid, monitor, zygote, zygote.parent().orElseThrow());
        }

        /** The monitor stopped (its events wait), then the zygote, which reads the stage's requests, killed. */
        void stopMonitorAndKillZygote() throws Exception {
            signal("STOP", monitor.pid());
            zygote.destroyForcibly();
            assertTrue(Procs.awaitDeath(zygote.pid(), Duration.ofSeconds(5)));
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }

    @Test
    void aNewHelperRemovesLeftoversOfACrashedOne() throws Exception {
        // A cgroup named for a helper that no longer runs, with a process still inside.
        Path pidsRoot = Path.of("/sys/fs/cgroup/pids");
        Path leftover = pidsRoot.resolve("nsx-999999-1-1");
        Files.createDirectory(leftover);
        Process sleeper = new ProcessBuilder("/bin/sleep", "300").start();
        try {
            Files.writeString(leftover.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            assertEquals(0, HelperCli.run("run", "--", "/bin/true").exit());
            assertFalse(Files.exists(leftover), "leftover cgroup kept");
            assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "leftover process kept");
        } finally {
            sleeper.destroyForcibly();
            if (Files.exists(leftover)) {
                Files.delete(leftover);
            }
        }
    }

    private static int cgroupDirsPerContainer() throws Exception {
        return (int) List.of("memory", "cpu", "cpuacct", "pids").stream()
                .map(c -> Path.of("/sys/fs/cgroup", c)).filter(Files::isDirectory).map(p -> {
                    try {
                        return p.toRealPath();
                    } catch (Exception e) {
                        return p;
                    }
                }).distinct().count();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The `sleep 300` processes this test started that still live. */
    private List<Long> newSleep300() {
        return pgrepSleep300().stream().filter(pid -> !sleepsBefore.contains(pid)).toList();
    }

    private static List<Long> pgrepSleep300() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 300")
                || p.info().arguments().map(a -> List.of(a).equals(List.of("300"))).orElse(false)
                && p.info().command().orElse("").endsWith("sleep")).map(ProcessHandle::pid).toList();
    }
}

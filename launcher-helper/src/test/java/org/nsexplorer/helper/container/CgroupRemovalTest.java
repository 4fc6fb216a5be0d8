package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.Procs;
import org.nsexplorer.helper.support.ServeSession;

/**
 * A container's cgroup that someone else made harder to remove: a cgroup made inside it, a
 * process put there, a process that cannot die yet. The helper removes what it can (nested
 * cgroups inside our own nsx-* ones are ours, removed deepest first), says what it cannot
 * and why, and removes that too once it can.
 */
class CgroupRemovalTest {
    private static final Path FREEZER = Path.of("/sys/fs/cgroup/freezer");

    @Test
    void cgroupsMadeInsideAContainersCgroupAndAProcessPutThereGoWithTheContainer(@TempDir Path tmp)
            throws Exception {
        Path pidFile = tmp.resolve("pid");
        Process helper = HelperCli.builder(List.of("run", "--memory", "64M", "--pid-file", pidFile.toString(), "--",
                "/bin/sleep", "300")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(tmp.resolve("stderr").toFile()).start();
        Process own = new ProcessBuilder("/bin/sleep", "300").start();
        List<Path> cgroups = List.of();
        try {
            long pid = Procs.awaitPidFile(pidFile, Duration.ofSeconds(60));
            cgroups = cgroupsOf(pid);
            assertFalse(cgroups.isEmpty());
            for (Path dir : cgroups) {
                Files.createDirectories(dir.resolve("nsxt-child/deeper"));
            }
            Files.writeString(cgroups.get(0).resolve("nsxt-child/deeper/cgroup.procs"), Long.toString(own.pid()));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertTrue(helper.waitFor(60, TimeUnit.SECONDS), "the helper did not end with its container");
            assertEquals(137, helper.exitValue(), Files.readString(tmp.resolve("stderr")));
            assertTrue(own.waitFor(20, TimeUnit.SECONDS), "the process put in the container's cgroup lives on");
            for (Path dir : cgroups) {
                assertFalse(Files.exists(dir), dir + " was left: " + Files.readString(tmp.resolve("stderr")));
            }
        } finally {
            helper.destroyForcibly().waitFor();
            own.destroyForcibly().waitFor();
            removeDeepestFirst(cgroups);
        }
    }

    @Test
    void aCgroupThatCannotBeRemovedIsNamedWithItsReasonAndRemovedOnceItCanBe() throws Exception {
        assumeTrue(Files.exists(FREEZER.resolve("cgroup.procs")), "no cgroup v1 freezer here");
        Process own = new ProcessBuilder("/bin/sleep", "300").start();
        // A frozen v1 task does not die of SIGKILL until thawed: the container's cgroup cannot be removed meanwhile.
        Path frozen = FREEZER.resolve("nsxt-frozen-" + own.pid());
        Path memory = null;
        try (ServeSession serve = new ServeSession(true)) {
            serve.awaitType("hello", Duration.ofSeconds(60));
            long pid = serve.launchRunning("r", "{\"memory\":\"32M\",\"command\":[\"/bin/sleep\",\"300\"]}",
                    Duration.ofSeconds(60)).get("hostPid").asLong();
            memory = cgroupsOf(pid).stream().filter(d -> d.startsWith("/sys/fs/cgroup/memory")).findFirst()
                    .orElseThrow();
            Files.writeString(memory.resolve("cgroup.procs"), Long.toString(own.pid()));
            Files.createDirectory(frozen);
            Files.writeString(frozen.resolve("cgroup.procs"), Long.toString(own.pid()));
            Files.writeString(frozen.resolve("freezer.state"), "FROZEN");
            for (int i = 0; i < 100 && !Files.readString(frozen.resolve("freezer.state")).trim().equals("FROZEN"); i++) {
                Thread.sleep(20);
            }
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            serve.awaitType("exited", Duration.ofSeconds(60));
            Path stuck = memory;
            String said = serve.awaitStderr(l -> l.contains(stuck.toString()), Duration.ofSeconds(60));
            assertTrue(said.contains("process " + own.pid() + " (sleep"), said);
            assertTrue(said.contains("did not die"), said);
            assertTrue(Files.exists(memory), "removed while a process is still in it?");

            Files.writeString(frozen.resolve("freezer.state"), "THAWED");
            assertTrue(own.waitFor(20, TimeUnit.SECONDS), "the thawed process did not die of its pending SIGKILL");
            for (int i = 0; i < 1000 && Files.exists(memory); i++) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(memory), "the helper did not remove the cgroup once it could");
            serve.awaitStderr(l -> l.contains(stuck + " is removed"), Duration.ofSeconds(20));
            assertEquals(0, serve.closeInput(Duration.ofSeconds(60)));
        } finally {
            if (Files.exists(frozen)) {
                Files.writeString(frozen.resolve("freezer.state"), "THAWED");
            }
            own.destroyForcibly().waitFor();
            if (Files.exists(frozen)) {
                Files.delete(frozen);
            }
            removeDeepestFirst(memory == null ? List.of() : List.of(memory));
        }
    }

    @Test
    void aNewHelperRemovesALeftoverWithCgroupsAndAProcessNestedInIt() throws Exception {
        Path leftover = Path.of("/sys/fs/cgroup/pids/nsx-999998-1-1");
        Files.createDirectories(leftover.resolve("nested/deeper"));
        Process sleeper = new ProcessBuilder("/bin/sleep", "300").start();
        try {
            Files.writeString(leftover.resolve("nested/deeper/cgroup.procs"), Long.toString(sleeper.pid()));
            assertEquals(0, HelperCli.run("run", "--", "/bin/true").exit());
            assertFalse(Files.exists(leftover), "leftover cgroup kept");
            assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "leftover process kept");
        } finally {
            sleeper.destroyForcibly().waitFor();
            removeDeepestFirst(List.of(leftover));
        }
    }

    /** The nsx-* cgroup directories PID is in, in every hierarchy. */
    private static List<Path> cgroupsOf(long pid) throws IOException {
        String name = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .map(l -> l.substring(l.lastIndexOf('/') + 1)).filter(n -> n.startsWith("nsx-")).findFirst()
                .orElseThrow();
        return HostState.listNsxCgroups().stream().filter(d -> d.getFileName().toString().equals(name)).toList();
    }

    /** What a failed test left: directories first from the deepest (each must be empty of processes). */
    private static void removeDeepestFirst(List<Path> tops) throws IOException {
        for (Path top : tops) {
            if (!Files.isDirectory(top)) {
                continue;
            }
            List<Path> dirs = new ArrayList<>();
            try (Stream<Path> all = Files.walk(top)) {
                all.filter(Files::isDirectory).forEach(dirs::add);
            }
            dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path d : dirs) {
                try {
                    Files.delete(d);
                } catch (IOException e) {
                    System.err.println("CgroupRemovalTest could not remove " + d + ": " + e);
                }
            }
        }
    }
}

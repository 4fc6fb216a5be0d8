package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.cgroup.CgroupFiles;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.PerlRootfs;

/**
 * Without a PID namespace, nothing kills a container's processes with its first one: the
 * helper does, through the cgroup. A fork bomb must not outrun it (cgroup v1: freeze, kill,
 * thaw; v2: cgroup.kill).
 */
class ForkBombTest {

    /** Host processes whose command line holds MARKER (every fork of the bomb's shell does). */
    private static List<Long> processesMarked(String marker) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(marker)) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    /** Whether more than 20 of the bomb's processes ran at once within 2 s (the host may be busy). */
    private static boolean awaitBomb(String marker) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            if (processesMarked(marker).size() > 20) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static List<Path> cgroupsOf(long helperPid) throws IOException {
        return HostState.listNsxCgroups().stream()
                .filter(dir -> dir.getFileName().toString().startsWith("nsx-" + helperPid + "-")).toList();
    }

    /**
     * The container's first process is perl: it starts the bomb in a child, then sleeps for
     * SECONDS (with no fork of its own, which the full pids limit would refuse). Each bomb
     * process forks as fast as it can and keeps no zombie (SIGCHLD ignored), so a place that a
     * kill frees is taken again at once, by a process the killer has not listed. --cpus keeps
     * the bomb to one of the shared machine's CPUs.
     */
    private static BackgroundRun startBomb(PerlRootfs perl, String marker, int seconds) throws IOException {
        return new BackgroundRun("--rootfs", perl.dir().toString(), "--ns", "mnt,uts,ipc,net", "--pids", "256",
                "--cpus", "1", "--", "perl", "-e", "if (!fork) { $SIG{CHLD} = 'IGNORE'; fork while 1 } sleep "
                        + seconds, marker);
    }

    @Test
    void aForkBombWithoutPidNamespaceIsKilledToTheLastProcessWhenItsFirstProcessEnds() throws Exception {
        String marker = "nsx-bomb-" + UUID.randomUUID().toString().substring(0, 8);
        long helperPid = -1;
        try (PerlRootfs perl = PerlRootfs.build("t-fork-bomb-perl"); BackgroundRun run = startBomb(perl, marker, 4)) {
            helperPid = run.helper().pid();
            run.containerPid();
            assertTrue(awaitBomb(marker), "the bomb never got going");
            // The first process ends after 4 s while the bomb forks on.
            assertTrue(run.helper().waitFor(30, TimeUnit.SECONDS), "the container did not end");
            assertEquals(List.of(), processesMarked(marker), "left running after the container ended");
            assertEquals(List.of(), cgroupsOf(helperPid), "cgroups left after the container ended");
            Thread.sleep(500);
            assertEquals(List.of(), processesMarked(marker), "a survivor forked again");
        } finally {
            killLeftovers(marker, helperPid);
        }
    }

    /**
     * When the monitor itself dies (kill -9), its container's first process gets SIGKILL but
     * the rest of the bomb lives on: the broker kills it through the cgroup, freezing it first.
     */
    @Test
    void aForkBombOutlivingItsMonitorIsKilledByTheBroker() throws Exception {
        String marker = "nsx-bomb-" + UUID.randomUUID().toString().substring(0, 8);
        long helperPid = -1;
        try (PerlRootfs perl = PerlRootfs.build("t-fork-bomb-perl"); BackgroundRun run = startBomb(perl, marker, 300)) {
            helperPid = run.helper().pid();
            long first = run.containerPid();
            assertTrue(awaitBomb(marker), "the bomb never got going");
            ProcessHandle.of(first).flatMap(ProcessHandle::parent).orElseThrow().destroyForcibly();
            assertTrue(run.helper().waitFor(30, TimeUnit.SECONDS), "the helper did not end");
            assertEquals(List.of(), processesMarked(marker), "left running after the helper ended");
            assertEquals(List.of(), cgroupsOf(helperPid), "cgroups left after the helper ended");
        } finally {
            killLeftovers(marker, helperPid);
        }
    }

    /** Whatever the assertions found is not left on the shared host: the freezer's directory first. */
    private static void killLeftovers(String marker, long helperPid) throws IOException {
        if (helperPid > 0) {
            List<Path> dirs = new ArrayList<>(cgroupsOf(helperPid));
            dirs.sort(Comparator.comparing(dir -> !dir.getParent().endsWith("freezer")));
            for (Path dir : dirs) {
                CgroupFiles.killAndRemove(dir);
            }
        }
        for (int round = 0; round < 50; round++) {
            List<Long> left = processesMarked(marker);
            if (left.isEmpty()) {
                break;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}

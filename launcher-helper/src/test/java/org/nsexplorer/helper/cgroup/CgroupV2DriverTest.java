package org.nsexplorer.helper.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.ExitStatus;
import org.nsexplorer.helper.rootfs.DefaultRootfs;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.SpecValidator;

/**
 * cgroup v2. This host's only v2 tree (/sys/fs/cgroup/unified) has no memory, cpu or pids
 * controller, so the limit files are checked on a file-tree fixture shaped like the
 * kernel's, and everything the real tree does have (mkdir, cgroup.procs, cgroup.kill,
 * cgroup.events, rmdir) is checked on the real tree.
 */
class CgroupV2DriverTest {
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    @Test
    void fixtureLimitsAreWrittenToTheV2FilesAndControllersEnabledInOneWrite(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu\n");
        CgroupV2Driver driver = new CgroupV2Driver(root);
        Limits limits = new Limits(OptionalLong.of(32L << 20), OptionalDouble.of(0.2), OptionalLong.of(20));
        ContainerCgroup cg = driver.create("nsx-1-2-3", limits);
        Path dir = root.resolve("nsx-1-2-3");
        assertEquals(List.of(dir), cg.dirs());
        assertEquals("33554432", Files.readString(dir.resolve("memory.max")));
        assertEquals("20000 100000", Files.readString(dir.resolve("cpu.max")));
        assertEquals("20", Files.readString(dir.resolve("pids.max")));
        // cpu was on already; the two others are turned on together.
        assertEquals("+memory +pids", Files.readString(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void fixtureWithoutLimitsWritesNothing(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "\n");
        new CgroupV2Driver(root).create("nsx-1-2-4", Limits.NONE);
        try (var files = Files.list(root.resolve("nsx-1-2-4"))) {
            assertEquals(0, files.count());
        }
        assertEquals("\n", Files.readString(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void aMissingControllerIsAClearError(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu io\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "\n");
        CgroupV2Driver driver = new CgroupV2Driver(root);
        Limits limits = new Limits(OptionalLong.of(32L << 20), OptionalDouble.empty(), OptionalLong.empty());
        Exception e = assertThrows(IOException.class, () -> driver.create("nsx-1-2-3", limits));
        assertTrue(e.getMessage().contains("no memory controller"), e.getMessage());
        assertFalse(Files.exists(root.resolve("nsx-1-2-3")));
    }

    @Test
    void realUnifiedTreeCreatesJoinsKillsAndRemoves() throws Exception {
        CgroupV2Driver driver = new CgroupV2Driver(UNIFIED);
        ContainerCgroup cg = driver.create(OwnerTag.current().cgroupName(900), Limits.NONE);
        Path dir = cg.dirs().get(0);
        Process sleeper = new ProcessBuilder("/bin/sleep", "300").start();
        try {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            assertEquals(List.of(sleeper.pid()), CgroupFiles.members(dir));
            assertTrue(Files.readString(dir.resolve("cgroup.events")).contains("populated 1"));
            assertTrue(Files.exists(dir.resolve("cgroup.kill")), "this kernel has cgroup.kill");
            CgroupFiles.killAndRemove(dir);
            assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "cgroup.kill did not kill the member");
            assertFalse(Files.exists(dir));
        } finally {
            sleeper.destroyForcibly();
            CgroupFiles.removeWithRetry(dir);
        }
    }

    @Test
    void realContainerLivesInTheUnifiedTreeAndItsOrphansAreKilledThroughCgroupKill() throws Exception {
        DefaultRootfs rootfs = new DefaultRootfs(Path.of(System.getProperty("nsx.stateDir")));
        SpecValidator validator = new SpecValidator(HostFacts.current(), () -> {
            try {
                return rootfs.ensureBuilt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (Engine engine = new Engine(validator, new CgroupV2Driver(UNIFIED), HelperPaths.stageBinary(), false)) {
            // No PID namespace: the background sleep is an orphan only the cgroup still holds.
            Container c = engine.launch(ContainerSpec.of(List.of("/bin/sh", "-c", "sleep 300 & sleep 300"))
                    .withNamespaces(Set.of(Namespace.MNT, Namespace.UTS)), new ContainerListener() {
                    });
            long pid = c.started().get(20, TimeUnit.SECONDS);
            Path dir = c.cgroup().dirs().get(0);
            assertTrue(Files.readString(Path.of("/proc/" + pid + "/cgroup")).contains("0::/" + dir.getFileName()));
            for (int i = 0; i < 100 && CgroupFiles.members(dir).size() < 3; i++) {
                Thread.sleep(10);
            }
            List<Long> members = CgroupFiles.members(dir);
            assertEquals(3, members.size(), "sh and two sleeps: " + members);
            engine.signal(c, 9);
            ExitStatus status = c.exited().get(20, TimeUnit.SECONDS);
            assertEquals(137, status.shellStatus());
            assertFalse(Files.exists(dir), "the monitor removes the cgroup");
            for (long member : members) {
                assertFalse(ProcessHandle.of(member).map(ProcessHandle::isAlive).orElse(false), member + " alive");
            }
        }
    }
}

package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.rootfs.DefaultRootfs;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.TestUser;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * The lesson "Why chroot is not enough", with the built-in rootfs's /usr/local/bin/chroot-escape
 * in real containers: chroot mode lets it reach the host's /, pivot_root in a mount namespace
 * does not, and what it reaches it reaches as the caller.
 */
class ChrootEscapeTest {
    private static final String ESCAPE = "/usr/local/bin/chroot-escape";

    /** A host directory no container's rootfs holds: /tmp/nsx-escape-test-RANDOM, root's, 0755. */
    private Path hostDir;
    private Path marker;

    @BeforeEach
    void aMarkerOnTheHost() throws Exception {
        hostDir = Files.createDirectory(Path.of("/tmp", "nsx-escape-test-" + UUID.randomUUID()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        marker = Files.writeString(hostDir.resolve("marker"), "on the host " + UUID.randomUUID() + "\n");
        Files.setPosixFilePermissions(marker, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterEach
    void removeIt() throws Exception {
        TreeRemoval.remove(hostDir);
    }

    private static Result run(List<String> options, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(command));
        return HelperCli.run(args);
    }

    @Test
    void inChrootModeItReachesTheHostsRoot() throws Exception {
        List<String> chroot = List.of("--root-switch", "chroot");
        Result plain = run(chroot, "/bin/cat", marker.toString());
        assertNotEquals(0, plain.exit(), "without the escape the host's file is not inside: " + plain.stdout());

        Result escaped = run(chroot, ESCAPE, "/bin/cat", marker.toString());
        assertEquals(0, escaped.exit(), escaped.stderr());
        assertEquals(Files.readString(marker), escaped.stdout());
        assertTrue(escaped.stderr().contains("chroot-escape: escaped"), escaped.stderr());

        // With no command it lists the host's /, not the rootfs's.
        Result listed = run(chroot, ESCAPE);
        assertEquals(0, listed.exit(), listed.stderr());
        Set<String> hostTop = namesIn(Path.of("/"));
        hostTop.removeIf(name -> name.startsWith(".")); // ls shows no dot files
        assertEquals(hostTop, new TreeSet<>(listed.lines()));
    }

    private static Set<String> namesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void underPivotRootInAMountNamespaceItStaysInsideAndSaysWhy() throws Exception {
        Result r = run(List.of(), ESCAPE, "/bin/cat", marker.toString());
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertEquals("", r.stdout(), "the command must not run inside");
        assertTrue(r.stderr().contains("chroot-escape: still inside") && r.stderr().contains("pivot_root"),
                r.stderr());
    }

    @Test
    void forAnOrdinaryCallerTheEscapedProcessIsThatUserOnTheHost() throws Exception {
        Path secret = Files.writeString(hostDir.resolve("root-only"), "root's secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        // The built-in rootfs, copied where its caller may pass (as a home directory is): the
        // climb walks the host's directories as the caller, and the store's are root's alone.
        Path home = Files.createTempDirectory("nsxt-home-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        try (TestUser teacher = TestUser.create("escape")) {
            Path rootfs = home.resolve("rootfs");
            copy(builtInRootfs(), rootfs);
            Files.setAttribute(rootfs, "unix:uid", teacher.uid()); // a rootfs of the caller's own
            Result r = HelperCli.run(teacher.asCaller(), List.of("run", "--rootfs", rootfs.toString(),
                    "--root-switch", "chroot", "--", ESCAPE, "/bin/sh", "-c",
                    "cat " + marker + "; cat " + secret + "; echo secret:$?"));
            assertEquals(0, r.exit(), r.stderr());
            assertEquals(List.of(Files.readString(marker).trim(), "secret:1"), r.lines(),
                    "the world-readable file is read, root's 0600 one is not");
            assertTrue(r.stderr().contains(secret + ": Permission denied"), r.stderr());
            assertTrue(r.stderr().contains("chroot-escape: escaped"), r.stderr());
            assertTrue(r.stderr().contains("uid 0 here is uid " + teacher.uid() + " on the host"), r.stderr());
        } finally {
            TreeRemoval.remove(home);
        }
    }

    @Test
    void forAnOrdinaryCallerTheRootOnlyStoreStopsTheClimbAndItSaysSo() throws Exception {
        try (TestUser teacher = TestUser.create("escape")) {
            Result r = HelperCli.run(teacher.asCaller(), List.of("run", "--root-switch", "chroot", "--", ESCAPE,
                    "/bin/cat", marker.toString()));
            assertEquals(1, r.exit(), r.stdout() + r.stderr());
            assertEquals("", r.stdout(), "the command must not run");
            assertTrue(r.stderr().contains("chroot-escape: stopped 0 levels above the container's /")
                    && r.stderr().contains("Permission denied"), r.stderr());
            assertTrue(r.stderr().contains("uid 0 here is uid " + teacher.uid() + " on the host"), r.stderr());
        }
    }

    private static Path builtInRootfs() throws Exception {
        return new DefaultRootfs(Path.of(System.getProperty("nsx.stateDir"))).ensureBuilt();
    }

    /** cp -a: owners, modes and symlinks as they are. */
    private static void copy(Path from, Path to) throws Exception {
        Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}

package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.HostState;

/** Refused before anything changes: exit 2, one line that says what and what to do. */
class BadInputTest {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void prepareRootfsWithSymlinkedProc() throws Exception {
        // A copy of the built-in rootfs whose proc points at the host's /etc.
        Result built = HelperCli.run("rootfs", "default");
        assertEquals(0, built.exit(), built.stderr());
        Path copy = tmp.resolve("evil-rootfs");
        Process cp = new ProcessBuilder("cp", "-a", built.stdout().trim(), copy.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
        Files.delete(copy.resolve("proc"));
        Files.createSymbolicLink(copy.resolve("proc"), Path.of("/etc"));
        Files.writeString(tmp.resolve("a-file"), "not a directory");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of("--rootfs", "/nonexistent/rootfs"), "does not exist"),
                Arguments.of(List.of("--rootfs", "@FILE"), "not a directory"),
                Arguments.of(List.of("--rootfs", "/"), "host's own root"),
                Arguments.of(List.of("--rootfs", "/usr"), "system directory"),
                Arguments.of(List.of("--rootfs", "/etc/ssh"), "system directory"),
                Arguments.of(List.of("--ns", "mnt,bogus"), "unknown namespace 'bogus'"),
                Arguments.of(List.of("--hostname", "bad_name!"), "RFC 1123"),
                Arguments.of(List.of("--hostname", "a".repeat(65)), "longer than 64 bytes"),
                Arguments.of(List.of("--hostname", "-leading"), "RFC 1123"),
                Arguments.of(List.of("--ns", "mnt,pid", "--hostname", "box"), "needs the uts namespace"),
                Arguments.of(List.of("--memory", "abc"), "not a size"),
                Arguments.of(List.of("--memory", "0"), "above zero"),
                Arguments.of(List.of("--memory", "-64M"), "negative"),
                Arguments.of(List.of("--memory", "64T"), "more than this host's RAM"),
                Arguments.of(List.of("--pids", "0"), "at least 1"),
                Arguments.of(List.of("--cpus", "0"), "positive"),
                Arguments.of(List.of("--cpus", "-0.5"), "positive"),
                Arguments.of(List.of("--cpus", "many"), "not a number"),
                Arguments.of(List.of("--frobnicate", "1"), "unknown option --frobnicate"),
                Arguments.of(List.of("--mounts", "proc,floppy"), "unknown mount 'floppy'"),
                Arguments.of(List.of("--ns", "uts", "--mounts", "proc"), "need the mnt namespace"),
                Arguments.of(List.of("--ns", "uts", "--root-switch", "pivot"), "pivot_root needs the mnt namespace"),
                Arguments.of(List.of("--map-root", "1000"), "needs the user namespace"),
                Arguments.of(List.of("--boottime", "100"), "needs the time namespace"),
                Arguments.of(List.of("--rootfs", "@EVIL"), "symbolic link"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithOneClearLineAndTheHostUnchanged(List<String> options, String expected) throws Exception {
        HostState before = HostState.capture();
        List<String> args = new ArrayList<>(List.of("run"));
        for (String option : options) {
            args.add(option.replace("@FILE", tmp.resolve("a-file").toString())
                    .replace("@EVIL", tmp.resolve("evil-rootfs").toString()));
        }
        args.addAll(List.of("--", "/bin/true"));
        Result r = HelperCli.run(args);
        assertEquals(2, r.exit(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("nsx-helper: ") && lines.get(0).contains(expected), lines.get(0));
        assertEquals(before, HostState.capture());
    }

    @Test
    void noCommandIsRefused() throws Exception {
        Result r = HelperCli.run("run");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("no command given"), r.stderr());
    }

    @Test
    void commandMissingFromTheRootfsIsRefused() throws Exception {
        Result r = HelperCli.run("run", "--", "/usr/bin/no-such-program");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("is not in rootfs"), r.stderr());
    }

    @Test
    void aSymlinkedMountPointIsNotFollowedEvenWithoutMountingThere() throws Exception {
        // proc is not asked for, so the symlink is harmless and the launch goes ahead.
        Result r = HelperCli.run("run", "--rootfs", tmp.resolve("evil-rootfs").toString(), "--mounts", "tmp", "--",
                "/bin/true");
        assertEquals(0, r.exit(), r.stderr());
    }
}

package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.TreeRemoval;

/** `./nsx-helper rootfs ...` on the real command line: each rootfs is then run in a real container. */
class RootfsCommandTest {
    private static final Path STORE = HelperPaths.stateDir().resolve("rootfs");

    @AfterEach
    void removeTestTrees() throws IOException {
        for (String name : List.of("t-busybox", "t-programs", "t-evil", "t-check")) {
            TreeRemoval.remove(STORE.resolve(name));
        }
    }

    private static Result ok(String... args) throws Exception {
        Result r = HelperCli.run(args);
        assertEquals(0, r.exit(), () -> List.of(args) + ": " + r.stderr() + r.stdout());
        return r;
    }

    /** No hidden work directory (.nsx-PID-START-0-NAME-...) is left in the store after any rootfs command. */
    private static void assertNoWorkDirs() throws IOException {
        try (Stream<Path> s = Files.list(STORE)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.contains("-t-")).toList());
        }
    }

    @Test
    void busyboxRootfsHasItsAppletsAndRunsThem() throws Exception {
        Result made = ok("rootfs", "busybox", "t-busybox");
        Path dir = Path.of(made.lines().get(0));
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(dir.resolve("bin/ls")));
        Result r = ok("run", "--rootfs", dir.toString(), "--", "/bin/sh", "-c", "ls /bin/ls; readlink /bin/cat;"
                + " hostname box; echo $$");
        assertEquals(List.of("/bin/ls", "/bin/busybox", "1"), r.lines());
        assertTrue(ok("rootfs", "list").stdout().contains("rootfs\tt-busybox\t"));
    }

    @Test
    void aRootfsFromChosenHostProgramsRunsThemAndLacksTheRest() throws Exception {
        Result made = ok("rootfs", "build", "t-programs", "sh", "ls", "cat");
        String dir = made.lines().get(0);
        assertEquals(List.of("hello"), ok("run", "--rootfs", dir, "--", "/bin/sh", "-c", "echo hello").lines());
        Result check = HelperCli.run("rootfs", "check", "t-programs", "ps");
        assertEquals(1, check.exit());
        assertTrue(check.stdout().contains("command 'ps' is not in rootfs"), check.stdout());
        assertTrue(ok("rootfs", "check", "t-programs", "ls").stdout().contains("ready to run ls"));
    }

    @Test
    void checkExplainsAForeignArchitectureAndAMountPointLeadingOut() throws Exception {
        Path dir = Files.createDirectories(STORE.resolve("t-check"));
        Files.createDirectories(dir.resolve("bin"));
        // An ELF header for aarch64 (e_machine 183), as a rootfs for a Raspberry Pi has.
        byte[] elf = new byte[64];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        elf[18] = (byte) 183;
        Files.write(dir.resolve("bin/sh"), elf);
        Files.setPosixFilePermissions(dir.resolve("bin/sh"), PosixFilePermissions
                .fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("proc"), Path.of("/etc"));
        Result check = HelperCli.run("rootfs", "check", dir.toString());
        assertEquals(1, check.exit());
        assertTrue(check.stdout().contains("is built for aarch64, but this host runs x86-64"), check.stdout());
        assertTrue(check.stdout().contains("rootfs/proc is a symbolic link (to /etc), which leads out of the rootfs"),
                check.stdout());
        Result run = HelperCli.run("run", "--rootfs", dir.toString(), "--mounts", "none", "--", "/bin/sh");
        assertEquals(2, run.exit(), "a launch is refused with the same explanation");
        assertTrue(run.stderr().contains("built for aarch64"), run.stderr());
    }

    /** A hostile archive: each entry tries another way out of the target. */
    private static Path evilArchive(Path dir, String escape) throws IOException {
        Path file = dir.resolve("evil-" + escape + ".tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, new TarArchiveEntry("./bin/"), null);
            switch (escape) {
                case "dotdot" -> put(tar, file("./bin/../../escaped-dotdot"), "x");
                case "symlink" -> {
                    TarArchiveEntry link = new TarArchiveEntry("./bin/out", TarConstants.LF_SYMLINK);
                    link.setLinkName(dir.toString());
                    put(tar, link, null);
                    put(tar, file("./bin/out/escaped-symlink"), "x");
                }
                case "hardlink" -> {
                    TarArchiveEntry link = new TarArchiveEntry("./bin/passwd", TarConstants.LF_LINK);
                    link.setLinkName("../../../../../../etc/passwd");
                    put(tar, link, null);
                }
                case "hardlink-via-symlink" -> {
                    // a -> DIR (outside), then x as a hard link to a/secret: createLink would follow a.
                    TarArchiveEntry outward = new TarArchiveEntry("./a", TarConstants.LF_SYMLINK);
                    outward.setLinkName(dir.toString());
                    put(tar, outward, null);
                    TarArchiveEntry link = new TarArchiveEntry("./x", TarConstants.LF_LINK);
                    link.setLinkName("a/secret");
                    put(tar, link, null);
                }
                default -> throw new IllegalArgumentException(escape);
            }
        }
        return file;
    }

    private static TarArchiveEntry file(String name) {
        return new TarArchiveEntry(name);
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, String content) throws IOException {
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        if (content != null) {
            e.setSize(data.length);
        }
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void importRefusesEveryWayOutAndLeavesNothing(@TempDir Path dir) throws Exception {
        String passwd = Files.readString(Path.of("/etc/passwd"));
        Path secret = Files.writeString(dir.resolve("secret"), "host file\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        for (String escape : List.of("dotdot", "symlink", "hardlink", "hardlink-via-symlink")) {
            Result r = HelperCli.run("rootfs", "import", evilArchive(dir, escape).toString(), "t-evil");
            assertEquals(1, r.exit(), escape + ": " + r.stderr());
            assertTrue(r.stderr().contains("refus"), escape + ": " + r.stderr());
            assertFalse(Files.exists(STORE.resolve("t-evil")), escape);
            assertNoWorkDirs();
        }
        assertFalse(Files.exists(dir.resolve("escaped-symlink")));
        assertFalse(Files.exists(STORE.resolve("escaped-dotdot")));
        assertFalse(Files.exists(STORE.getParent().resolve("escaped-dotdot")));
        assertEquals(passwd, Files.readString(Path.of("/etc/passwd")));
        assertEquals(1, (Integer) Files.getAttribute(secret, "unix:nlink"), "the host file got a second name");
    }

    @Test
    void badNamesAndMissingFilesAreRefusedWithExit2() throws Exception {
        for (List<String> args : List.of(List.of("rootfs", "busybox", "../x"),
                List.of("rootfs", "build", "t-programs", "sh", "../../../../tmp/evil"),
                List.of("rootfs", "build", "t-programs", "/bin/sh"), List.of("rootfs", "import",
                "/nonexistent.tar", "t-evil"), List.of("rootfs", "export", "no-such", "/tmp/x.tar.gz"),
                List.of("rootfs", "export", "default", "/tmp/x.zip"), List.of("rootfs", "remove", "default"))) {
            Result r = HelperCli.run(args);
            assertEquals(2, r.exit(), args + ": " + r.stderr());
            assertEquals(1, r.stderr().lines().count(), r.stderr());
        }
    }
}

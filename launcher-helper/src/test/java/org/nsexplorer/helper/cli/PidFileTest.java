package org.nsexplorer.helper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.Procs;

/**
 * `run --pid-file FILE` never writes through a symlink nor over a file it did not make, and
 * makes the file as the caller: root, or a real user (nsxt-pidfile) as sudo would name one.
 */
class PidFileTest {
    private static final String USER = "nsxt-pidfile";
    private static int uid;
    private static int gid;

    @BeforeAll
    static void createUser() throws Exception {
        exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
        uid = Integer.parseInt(output("id", "-u", USER).trim());
        gid = Integer.parseInt(output("id", "-g", USER).trim());
    }

    @AfterAll
    static void removeUser() throws Exception {
        exec("userdel", USER);
    }

    /** The helper as run through sudo by USER (null: by root itself). */
    private static ProcessBuilder helper(String caller, String... args) {
        ProcessBuilder pb = HelperCli.builder(List.of(args));
        if (caller != null) {
            pb.environment().put("SUDO_UID", Integer.toString(uid));
            pb.environment().put("SUDO_GID", Integer.toString(gid));
        }
        return pb;
    }

    /** A directory the caller may write in: root's own, or one that belongs to the user. */
    private static Path callersDir(Path tmp, String caller) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectory(tmp.resolve(caller == null ? "root" : "user"));
        if (caller != null) {
            Files.setAttribute(dir, "unix:uid", uid);
            Files.setAttribute(dir, "unix:gid", gid);
        }
        return dir;
    }

    @Test
    void aSymlinkAtThePidFileIsRefusedAndItsTargetIsUnchanged(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("root-owned"), "precious\n");
        for (String caller : new String[] {null, USER}) {
            Path dir = callersDir(tmp, caller);
            Path pidFile = Files.createSymbolicLink(dir.resolve("container.pid"), victim);
            Result r = HelperCli.run(helper(caller, "run", "--pid-file", pidFile.toString(), "--", "/bin/true"));
            assertEquals(2, r.exit(), r.stderr());
            assertEquals(1, r.stderr().lines().count(), r.stderr());
            assertTrue(r.stderr().contains(pidFile + " is a symbolic link"), r.stderr());
            assertEquals("precious\n", Files.readString(victim));
            assertEquals(0, (Integer) Files.getAttribute(victim, "unix:uid"));
            assertTrue(Files.isSymbolicLink(pidFile));
        }
    }

    @Test
    void anExistingFileIsNeitherTruncatedNorWritten(@TempDir Path tmp) throws Exception {
        for (String caller : new String[] {null, USER}) {
            Path pidFile = Files.writeString(callersDir(tmp, caller).resolve("container.pid"), "4242\nnotes\n");
            Result r = HelperCli.run(helper(caller, "run", "--pid-file", pidFile.toString(), "--", "/bin/true"));
            assertEquals(2, r.exit(), r.stderr());
            assertEquals(1, r.stderr().lines().count(), r.stderr());
            assertTrue(r.stderr().contains(pidFile + " exists already"), r.stderr());
            assertEquals("4242\nnotes\n", Files.readString(pidFile));
        }
    }

    @Test
    void aCallerWhoMayNotWriteThereIsRefusedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        Path rootsDir = callersDir(tmp, null);
        Result r = HelperCli.run(helper(USER, "run", "--pid-file", rootsDir.resolve("x.pid").toString(), "--",
                "/bin/sh", "-c", "echo ran"));
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("Permission denied"), r.stderr());
        assertFalse(r.stdout().contains("ran"), "the container ran anyway");
        assertFalse(Files.exists(rootsDir.resolve("x.pid"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void thePidFileBelongsToTheCallerHoldsThePidWhileTheContainerRunsAndGoesWithIt(@TempDir Path tmp)
            throws Exception {
        Path pidFile = callersDir(tmp, USER).resolve("container.pid");
        Process run = helper(USER, "run", "--pid-file", pidFile.toString(), "--", "/bin/sleep", "300")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long pid = Procs.awaitPidFile(pidFile, Duration.ofSeconds(20));
            assertTrue(Procs.alive(pid));
            assertEquals("/bin/sleep\0" + "300\0", Files.readString(Path.of("/proc/" + pid + "/cmdline")));
            assertEquals(uid, (Integer) Files.getAttribute(pidFile, "unix:uid"));
            assertEquals(gid, (Integer) Files.getAttribute(pidFile, "unix:gid"));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertTrue(run.waitFor(20, TimeUnit.SECONDS));
            assertEquals(137, run.exitValue());
            assertFalse(Files.exists(pidFile, LinkOption.NOFOLLOW_LINKS), "a stale PID file was left");
        } finally {
            run.destroyForcibly();
        }
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }
}

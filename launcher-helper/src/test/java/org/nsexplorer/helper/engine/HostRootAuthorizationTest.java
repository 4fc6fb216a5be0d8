package org.nsexplorer.helper.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.snapshot.ProcStat;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.support.ProcessOutput;
import org.nsexplorer.helper.support.TestUser;

/**
 * Who may have hostRoot: root without asking; a user only when polkit says yes, asked with
 * pkcheck about the process that started the helper. The caller is a real user the test
 * creates, running a shell whose child stands where the helper would be (as pkexec leaves it:
 * the app's child), or, through the real sudo, a real helper-like JVM. No polkitd runs on
 * this machine, so the real pkcheck cannot ask; pkcheck's other answers come from stand-ins.
 */
class HostRootAuthorizationTest {
    private static final Path PKCHECK = Path.of("/usr/bin/pkcheck");
    @TempDir
    Path dir;
    private TestUser user;
    private Process caller;
    private long helperStandIn;

    /** The user's shell (the "app"), and its child (where pkexec puts the helper). */
    @BeforeEach
    void startACallerAndItsChild() throws Exception {
        user = TestUser.create("hostroot");
        caller = user.as(List.of("/bin/sh", "-c", "sleep 300 & echo $!; wait")).start();
        String line = new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8)).readLine();
        helperStandIn = Long.parseLong(line.strip());
    }

    @AfterEach
    void stopThemAndRemoveTheUser() throws Exception {
        stop(caller);
        user.close();
    }

    @Test
    void rootIsAllowedWithoutAskingPolkit() {
        // A pkcheck that is not there would refuse anyone it was asked about.
        var authorization = new HostRootAuthorization(dir.resolve("no-pkcheck"), helperStandIn, Duration.ofSeconds(5));
        assertDoesNotThrow(() -> authorization.require(OptionalInt.empty()), "root ran the helper itself");
        assertDoesNotThrow(() -> authorization.require(OptionalInt.of(0)), "root through sudo or pkexec");
    }

    @Test
    void pkcheckIsAskedAboutTheActionAndTheCallingProcessAsPidStartTimeAndUid() {
        assertEquals(List.of("/usr/bin/pkcheck", "--action-id", "org.nsexplorer.helper.host-root",
                "--process", "4242,987654,1000", "--allow-user-interaction"),
                HostRootAuthorization.pkcheckArgv(PKCHECK, new CallingProcess(4242, 987654, 1000, "java")));
    }

    @Test
    void aUserIsRefusedWithPolkitsReasonWhenPolkitCannotBeAsked() throws Exception {
        assumeTrue(Files.isExecutable(PKCHECK), "pkcheck (Debian's polkitd package) is not installed");
        boolean polkitdRuns = new ProcessBuilder("pgrep", "-x", "polkitd").start().waitFor() == 0;
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new HostRootAuthorization(PKCHECK, helperStandIn, Duration.ofSeconds(30))
                        .require(OptionalInt.of(user.uid())));
        assertEquals("hostRoot", refused.field());
        assertTrue(refused.getMessage().contains("uid " + user.uid() + " (process " + caller.pid() + ", sh)"),
                refused.getMessage());
        if (!polkitdRuns) {
            assertTrue(refused.getMessage().contains("polkit cannot be asked")
                    && refused.getMessage().contains("(pkcheck: "), refused.getMessage());
        }
        assertTrue(refused.getMessage().contains("launch without hostRoot"), refused.getMessage());
    }

    @Test
    void aUserIsRefusedWhenPkcheckIsMissing() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new HostRootAuthorization(dir.resolve("no-pkcheck"), helperStandIn, Duration.ofSeconds(5))
                        .require(OptionalInt.of(user.uid())));
        assertTrue(refused.getMessage().contains("polkit cannot be asked") && refused.getMessage().contains("polkitd"),
                refused.getMessage());
    }

    @Test
    void aCallerOfAnotherUidIsRefusedWithoutAskingPolkit() throws Exception {
        Path pkcheck = standIn("exit 0"); // it would say yes
        // This JVM's parent is root's (Maven's): not the user who claims to have asked.
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new HostRootAuthorization(pkcheck, ProcessHandle.current().pid(), Duration.ofSeconds(5))
                        .require(OptionalInt.of(user.uid())));
        assertTrue(refused.getMessage().contains("runs as uid 0, not as uid " + user.uid()), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("asked")), "pkcheck was asked");
    }

    @Test
    void eachAnswerOfPkcheckIsHeldAndOnlyYesAllows() throws Exception {
        var yes = new HostRootAuthorization(standIn("exit 0"), helperStandIn, Duration.ofSeconds(10));
        assertDoesNotThrow(() -> yes.require(OptionalInt.of(user.uid())));
        assertEquals(String.join(" ", HostRootAuthorization.pkcheckArgv(Path.of("pkcheck"),
                new CallingProcess(caller.pid(), ProcStat.startTicks(caller.pid()).orElseThrow(), user.uid(), "sh"))).replace("pkcheck ", ""),
                Files.readString(dir.resolve("asked")).strip(), "pkcheck must be asked about the user's shell");

        assertRefusedWith(standIn("echo 'Not authorized.' >&2; exit 1"), "polkit does not authorize", "Not authorized.");
        assertRefusedWith(standIn("echo 'Authorization requires authentication but no agent is available.' >&2; exit 2"),
                "no authentication agent", "no agent is available");
        assertRefusedWith(standIn("echo 'Authentication request was dismissed.' >&2; exit 3"), "dismissed", "dismissed.");
        assertRefusedWith(standIn("echo 'Error getting authority: Could not connect' >&2; exit 126"),
                "polkit cannot be asked", "Could not connect");
    }

    @Test
    void polkitThatDoesNotAnswerInTimeRefusesAndPkcheckIsStopped() throws Exception {
        Path pkcheck = standIn("echo $$ > " + dir.resolve("pid") + "; exec sleep 60");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new HostRootAuthorization(pkcheck, helperStandIn, Duration.ofSeconds(2)).require(OptionalInt.of(user.uid())));
        assertTrue(refused.getMessage().contains("did not answer within 2 s"), refused.getMessage());
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pkcheck was left running");
    }

    /**
     * The real way a user reaches the helper from a terminal: their shell runs sudo, which
     * starts a JVM as root (with SUDO_UID, and with use_pty a second sudo in between). The
     * JVM's question is about the user's shell, above the sudo processes.
     */
    @Test
    void throughSudoTheQuestionIsAboutTheProcessThatRanSudo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sudo")), "sudo is not installed");
        assumeTrue(Files.isExecutable(PKCHECK), "pkcheck (Debian's polkitd package) is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path rule = Path.of("/etc/sudoers.d/" + user.name());
        Files.writeString(rule, user.name() + " ALL=(root) NOPASSWD: " + java + "\n");
        Files.setPosixFilePermissions(rule, PosixFilePermissions.fromString("r--r-----"));
        Process shell = null;
        try {
            shell = user.as(List.of("/bin/sh", "-c", "sudo -n " + java + " -Xmx48m -XX:+UseSerialGC -cp '"
                    + System.getProperty("java.class.path") + "' " + HostRootProbe.class.getName() + "; echo \"sudo: $?\""))
                    .redirectErrorStream(true).start();
            String out = ProcessOutput.of(shell, 120);
            assertTrue(out.contains("refused: hostRoot: "), out);
            assertTrue(out.contains("uid " + user.uid() + " (process " + shell.pid() + ", sh)"),
                    "the question must be about the shell that ran sudo (" + shell.pid() + "):\n" + out);
        } finally {
            Files.deleteIfExists(rule);
            if (shell != null) {
                stop(shell);
            }
        }
    }

    /** Kills P and what it started, and waits until they are gone (userdel refuses a user with processes). */
    private static void stop(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join());
    }

    private void assertRefusedWith(Path pkcheck, String reason, String pkcheckSaid) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new HostRootAuthorization(pkcheck, helperStandIn, Duration.ofSeconds(10))
                        .require(OptionalInt.of(user.uid())));
        assertEquals("hostRoot", refused.field());
        assertTrue(refused.getMessage().contains(reason) && refused.getMessage().contains(pkcheckSaid), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
    }

    /** A pkcheck that writes down its arguments to DIR/asked, then runs BODY. */
    private Path standIn(String body) throws Exception {
        Path script = Files.createTempFile(dir, "pkcheck", "");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > " + dir.resolve("asked") + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}

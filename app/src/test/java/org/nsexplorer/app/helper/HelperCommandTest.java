package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.helper.HelperCommand.Session;

/**
 * Which command starts the helper: pkexec only for an installed helper that root alone can
 * change, sudo for the checkout's script (-n without a terminal), the helper itself for root.
 * The installed helper is a real root-owned tree under /run (every directory up to / must be
 * root's alone; a temporary directory under the world-writable /tmp is not).
 */
class HelperCommandTest {
    private static final Set<String> EVERYTHING = Set.of("pkexec", "sudo");
    private Path installRoot;
    private Path installed;

    @BeforeEach
    void installAFakeHelperWhereOnlyRootCanWrite() throws Exception {
        installRoot = Files.createTempDirectory(Path.of("/run"), "nsxt-install-");
        Files.setPosixFilePermissions(installRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("nsx-helper", "nsx-helper.jar", "nsx-stage")) {
            Path file = Files.writeString(installRoot.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        installed = installRoot.resolve("nsx-helper");
    }

    @AfterEach
    void removeIt() throws Exception {
        try (var files = Files.list(installRoot)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(installRoot);
    }

    private Optional<List<String>> choose(Path helper, Session session, Set<String> onPath) {
        return HelperCommand.choose(helper, session, installed, onPath::contains);
    }

    @Test
    void rootStartsTheHelperItself() {
        Path script = Path.of("/home/t/nsx/nsx-helper");
        assertEquals(List.of(script.toString(), "serve"),
                choose(script, new Session(true, true, false), EVERYTHING).orElseThrow());
    }

    @Test
    void theCheckoutsScriptGoesThroughSudoNeverPkexec() {
        Path script = Path.of("/home/t/nsx/nsx-helper");
        assertEquals(List.of("sudo", "--", script.toString(), "serve"),
                choose(script, new Session(false, true, true), EVERYTHING).orElseThrow(), "in a desktop, with a terminal");
        assertEquals(List.of("sudo", "-n", "--", script.toString(), "serve"),
                choose(script, new Session(false, true, false), EVERYTHING).orElseThrow(),
                "no terminal: sudo must not wait for a password nobody can type");
        assertEquals(Optional.empty(), choose(script, new Session(false, true, true), Set.of("pkexec")),
                "pkexec alone is no way to start the checkout's script");
    }

    @Test
    void theInstalledHelperGoesThroughPkexecInADesktopOnlyWhileRootAloneCanChangeIt() throws Exception {
        assertTrue(HelperCommand.rootsAlone(installed), installed.toString());
        assertEquals(List.of("pkexec", installed.toString(), "serve"),
                choose(installed, new Session(false, true, false), EVERYTHING).orElseThrow());
        assertEquals(List.of("sudo", "--", installed.toString(), "serve"),
                choose(installed, new Session(false, false, true), EVERYTHING).orElseThrow(), "no desktop: sudo");

        Files.setPosixFilePermissions(installRoot.resolve("nsx-helper.jar"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(HelperCommand.rootsAlone(installed), "a jar anyone can rewrite");
        assertEquals("sudo", choose(installed, new Session(false, true, true), EVERYTHING).orElseThrow().get(0));
        Files.setPosixFilePermissions(installRoot.resolve("nsx-helper.jar"), PosixFilePermissions.fromString("rw-r--r--"));

        Files.setPosixFilePermissions(installRoot, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertFalse(HelperCommand.rootsAlone(installed), "a directory its group can change");
        Files.setPosixFilePermissions(installRoot, PosixFilePermissions.fromString("rwxr-xr-x"));

        Files.setAttribute(installed, "unix:uid", 4_000_123);
        assertFalse(HelperCommand.rootsAlone(installed), "a wrapper owned by someone else");
    }

    @Test
    void aUserStartsTheInstalledHelperWhenThereIsOneAndItIsNotOlderThanTheBuild(@TempDir Path dir) throws Exception {
        Path repoScript = dir.resolve("repo/nsx-helper");
        Path built = dir.resolve("repo/launcher-helper/target/nsx-helper.jar");
        Files.createDirectories(built.getParent());
        Files.writeString(built, "jar");
        assertEquals(repoScript, HelperCommand.program(repoScript, false, dir.resolve("none/nsx-helper")), "none installed");
        Path copied = installed.resolveSibling("nsx-helper.jar");
        Files.setLastModifiedTime(copied, FileTime.fromMillis(Files.getLastModifiedTime(built).toMillis() + 1000));
        assertEquals(installed, HelperCommand.program(repoScript, false, installed));
        assertEquals(repoScript, HelperCommand.program(repoScript, true, installed), "root needs no pkexec");
        Files.setLastModifiedTime(copied, FileTime.fromMillis(Files.getLastModifiedTime(built).toMillis() - 1000));
        assertEquals(repoScript, HelperCommand.program(repoScript, false, installed), "installed before the last build");
        Files.setLastModifiedTime(copied, FileTime.fromMillis(Files.getLastModifiedTime(built).toMillis() + 1000));
        Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(repoScript, HelperCommand.program(repoScript, false, installed), "an installed wrapper anyone can edit");
    }

    @Test
    void aNonInteractiveSudoThatFailedSaysWhatToDo() {
        String failure = "the helper did not start (sudo -n -- /x/nsx-helper serve): sudo: a password is required";
        String said = HelperCommand.notStartedMessage(List.of("sudo", "-n", "--", "/x/nsx-helper", "serve"), failure);
        assertTrue(said.startsWith(failure) && said.contains("sudo packaging/install-helper")
                && said.contains("start ./nsx from a terminal"), said);
        assertEquals(failure, HelperCommand.notStartedMessage(List.of("sudo", "--", "/x/nsx-helper", "serve"), failure));
    }
}

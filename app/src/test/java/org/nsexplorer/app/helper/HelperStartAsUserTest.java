package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.support.AppClasspath;
import org.nsexplorer.app.support.ProcessOutput;
import org.nsexplorer.app.support.TestUser;

/**
 * The app started by a user who is not root, with the checkout's ./nsx-helper (issue 9):
 * pkexec is never asked to run that script (the user can edit it), and when sudo would need
 * a password and there is no terminal, the window says to install the helper or to start
 * ./nsx from a terminal. A real user, in a session without a terminal (setsid), runs the
 * app's start-up of the helper in a JVM of its own; sudo is the real one.
 */
class HelperStartAsUserTest {
    private static final Path CHECKOUT_HELPER = Path.of(System.getProperty("nsx.helper")).toAbsolutePath().normalize();

    @Test
    void withoutATerminalSudoDoesNotPromptAndTheWindowSaysWhatToDo(@TempDir Path dir) throws Exception {
        String out = startAsUser(dir, false);
        assertTrue(out.contains("command: [sudo, -n, --, " + CHECKOUT_HELPER + ", serve]"), out);
        assertTrue(out.contains("failed: "), out);
        assertTrue(out.contains("sudo: a password is required"), "sudo's own words are shown: " + out);
        assertTrue(out.contains("sudo packaging/install-helper") && out.contains("start ./nsx from a terminal"), out);
    }

    @Test
    void aCheckoutsScriptIsNeverHandedToPkexec(@TempDir Path dir) throws Exception {
        String out = startAsUser(dir, true);
        assertFalse(Files.exists(dir.resolve("pkexec-was-asked")), "pkexec was asked to run the checkout's script:\n" + out);
        assertTrue(out.contains("command: [sudo, -n, --, " + CHECKOUT_HELPER + ", serve]"), out);
    }

    /**
     * Runs HelperStartProbe as a new user, with no controlling terminal; with GRAPHICAL, in a
     * desktop session (DISPLAY set) where a pkexec is on PATH that records being asked.
     */
    private static String startAsUser(Path dir, boolean graphical) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pkexec = bin.resolve("pkexec");
        Files.writeString(pkexec, "#!/bin/sh\necho \"$@\" > " + dir.resolve("pkexec-was-asked") + "\nexit 126\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(pkexec, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classpath = AppClasspath.readableCopy(dir.resolve("cp"));
        try (TestUser user = TestUser.create("start")) {
            ProcessBuilder builder = user.as(List.of("setsid", "-w",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                    "-XX:+UseSerialGC", "-XX:-UsePerfData", AppClasspath.nativeOption(dir.resolve("cp")), "-cp",
                    classpath, HelperStartProbe.class.getName(),
                    CHECKOUT_HELPER.toString()))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().remove("DISPLAY");
            builder.environment().remove("WAYLAND_DISPLAY");
            builder.environment().put("PATH", (graphical ? bin + ":" : "") + "/usr/sbin:/usr/bin:/sbin:/bin");
            if (graphical) {
                builder.environment().put("DISPLAY", ":99");
            }
            Process probe = builder.start();
            return ProcessOutput.of(probe, 120);
        }
    }
}

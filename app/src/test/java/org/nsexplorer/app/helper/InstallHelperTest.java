package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/install-helper, into a DESTDIR: the files pkexec will run as root are where the
 * polkit policy says, writable by root alone, and they work; --uninstall removes them.
 */
class InstallHelperTest {
    private static final Path REPO = Path.of(System.getProperty("nsx.helper")).toAbsolutePath().getParent();

    @Test
    void theInstalledHelperIsWhereThePolicySaysAndRuns(@TempDir Path dest) throws Exception {
        assertEquals(0, run(dest, List.of()), "install-helper failed");
        Path lib = dest.resolve("usr/lib/nsx-explorer");
        Path policy = dest.resolve("usr/share/polkit-1/actions/org.nsexplorer.helper.policy");
        String xml = Files.readString(policy);
        assertTrue(xml.contains("<annotate key=\"org.freedesktop.policykit.exec.path\">" + HelperCommand.INSTALLED
                + "</annotate>"), "the policy must name the path the app starts: " + HelperCommand.INSTALLED);
        assertTrue(xml.contains("<action id=\"org.nsexplorer.helper.host-root\">"),
                "the action the helper asks polkit about for hostRoot is installed with the policy");
        for (String file : List.of("nsx-helper", "nsx-helper.jar", "nsx-helper.jvm-options", "nsx-stage", "chroot-escape")) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(lib.resolve(file));
            assertFalse(mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE),
                    file + " is writable by others: " + mode);
        }
        String wrapper = Files.readString(lib.resolve("nsx-helper"));
        assertTrue(wrapper.contains("-Dnsx.stage=/usr/lib/nsx-explorer/nsx-stage -jar /usr/lib/nsx-explorer/nsx-helper.jar"),
                wrapper);
        assertTrue(wrapper.contains(" @/usr/lib/nsx-explorer/nsx-helper.jvm-options "),
                "the wrapper starts java with the installed options: " + wrapper);

        // The installed options, jar and stage, run as the wrapper runs them (from DESTDIR), start a container.
        Process helper = new ProcessBuilder("java", "@" + lib.resolve("nsx-helper.jvm-options"),
                "-Dnsx.stage=" + lib.resolve("nsx-stage"),
                "-Dnsx.stateDir=" + dest.resolve("state"), "-jar", lib.resolve("nsx-helper.jar").toString(),
                "run", "--", "/bin/sh", "-c", "exit 7").inheritIO().start();
        assertTrue(helper.waitFor(60, TimeUnit.SECONDS));
        assertEquals(7, helper.exitValue());
        // The built-in rootfs finds the lesson program beside the installed stage.
        assertTrue(Files.isRegularFile(dest.resolve("state/rootfs/default/usr/local/bin/chroot-escape")));

        assertEquals(0, run(dest, List.of("--uninstall")));
        assertFalse(Files.exists(lib));
        assertFalse(Files.exists(policy));
    }

    private static int run(Path dest, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("packaging/install-helper").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DESTDIR", dest.toString());
        Process p = builder.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return p.exitValue();
    }
}

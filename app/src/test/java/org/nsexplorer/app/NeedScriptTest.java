package org.nsexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.support.NsxCheckout;

/**
 * packaging/need, which ./nsx, ./nsx-helper and ./nsx-test call on a fresh machine: the real
 * script with a package list of its own, and a stand-in apt-get that writes down what it was
 * asked. It names what is missing, installs only that, and says so where there is no apt-get.
 */
class NeedScriptTest {
    private static final Path NEED = NsxCheckout.REPO.resolve("packaging/need");

    private record Run(int exit, String err, List<String> aptCalls) {
    }

    @Test
    void itInstallsOnlyWhatIsMissingAndNamesItFirst(@TempDir Path dir) throws Exception {
        Run run = run(dir, true, "build");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("nsx-missing-tool-package nsx-missing-file-package"), run.err());
        assertEquals(2, run.aptCalls().size(), run.aptCalls().toString()); // update, then install
        String install = run.aptCalls().get(1);
        assertTrue(install.startsWith("install ") && install.endsWith(" nsx-missing-tool-package nsx-missing-file-package"),
                install);
        assertFalse(install.contains("shell-package"), "sh is there: " + install);
        assertFalse(install.contains("test-only-package"), "another group: " + install);
    }

    @Test
    void nothingMissingInstallsNothing(@TempDir Path dir) throws Exception {
        Run run = run(dir, true, "present");
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertEquals(List.of(), run.aptCalls());
    }

    @Test
    void withoutAptGetItNamesThePackagesAndFails(@TempDir Path dir) throws Exception {
        Run run = run(dir, false, "build");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().startsWith("nsx: to build, this machine lacks: nsx-missing-tool-package")
                && run.err().contains("package manager"), run.err());
    }

    @Test
    void anUnknownGroupIsRefused(@TempDir Path dir) throws Exception {
        Run run = run(dir, true, "biuld");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("no group 'biuld'"), run.err());
    }

    /** Runs a copy of packaging/need beside a package list of its own, as root (the tests' user). */
    private static Run run(Path dir, boolean withAptGet, String... groups) throws Exception {
        Path packaging = Files.createDirectories(dir.resolve("packaging"));
        Files.copy(NEED, packaging.resolve("need"));
        Files.writeString(packaging.resolve("packages"), String.join("\n",
                "# a comment line",
                "build      command:nsx-surely-missing-tool        nsx-missing-tool-package",
                "build      command:sh                             shell-package",
                "build      file:/nonexistent/nsx/header.h         nsx-missing-file-package",
                "build      command:nsx-surely-missing-tool        nsx-missing-tool-package",
                "present    command:sh                             shell-package",
                "test       command:nsx-another-missing-tool       test-only-package", ""));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("apt-calls");
        if (withAptGet) {
            Path apt = bin.resolve("apt-get");
            Files.writeString(apt, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n");
            Files.setPosixFilePermissions(apt, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>(List.of(packaging.resolve("need").toString()));
        command.addAll(List.of(groups));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err").toFile());
        // The stand-in first; without it, only the tools need uses: the machine's own apt-get stays out of reach.
        builder.environment().put("PATH", withAptGet ? bin + ":/usr/bin:/bin:/usr/sbin:/sbin"
                : bin + ":" + toolsWithoutAptGet(dir));
        Process p = builder.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "packaging/need did not finish");
        List<String> aptCalls = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        return new Run(p.exitValue(), Files.readString(dir.resolve("err")), aptCalls);
    }

    /** A directory with the tools need uses (sh, grep, id, ldconfig, dpkg-query...) but no apt-get. */
    private static String toolsWithoutAptGet(Path dir) throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("sh", "grep", "sed", "id", "cat", "dirname", "ldconfig", "dpkg-query", "env")) {
            for (String from : List.of("/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/")) {
                Path found = Path.of(from + tool);
                if (Files.isExecutable(found) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), found);
                }
            }
        }
        return tools.toString();
    }
}

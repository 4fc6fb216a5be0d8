package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.support.ProcessOutput;
import org.nsexplorer.app.support.TestUser;

/**
 * ./nsx-helper run by root (as sudo runs it for the app) in a checkout whose build is stale
 * never runs Maven as root on someone else's files (issue 9): Maven runs code from the
 * checkout (poms, plugins), so it runs as the checkout's owner. The real script, copied into
 * a small checkout whose build is missing, with a stand-in `mvn` first on PATH that writes
 * down who ran it and fails (nothing is built).
 */
class HelperScriptBuildTest {
    private static final Path REPO = Path.of(System.getProperty("nsx.helper")).toAbsolutePath().getParent();

    @Test
    void aTeachersCheckoutIsBuiltAsTheTeacherWhenRootRunsTheScript(@TempDir Path dir) throws Exception {
        try (TestUser teacher = TestUser.create("build")) {
            Path checkout = staleCheckout(dir);
            chown(checkout, teacher.uid(), teacher.gid());
            Result result = runAsRoot(checkout, dir, Map.of("SUDO_UID", Integer.toString(teacher.uid()),
                    "SUDO_GID", Integer.toString(teacher.gid()), "SUDO_USER", teacher.name()));
            assertNotEquals(0, result.exit(), "the stand-in mvn fails, so must the script");
            assertTrue(Files.exists(checkout.resolve("mvn-ran-as")), "mvn did not run:\n" + result.output());
            List<String> ranAs = Files.readAllLines(checkout.resolve("mvn-ran-as"));
            assertEquals(Integer.toString(teacher.uid()), ranAs.get(0), "mvn ran as uid " + ranAs.get(0) + ", not as the teacher");
            assertNotEquals("/root", ranAs.get(1), "the teacher's build must use the teacher's home (~/.m2)");
            assertTrue(result.output().contains("building as " + teacher.name()), result.output());
        }
    }

    @Test
    void rootsOwnCheckoutIsBuiltAsRoot(@TempDir Path dir) throws Exception {
        Path checkout = staleCheckout(dir);
        Result result = runAsRoot(checkout, dir, Map.of());
        assertNotEquals(0, result.exit());
        assertEquals("0", Files.readAllLines(checkout.resolve("mvn-ran-as")).get(0), result.output());
    }

    @Test
    void aCheckoutOwnedByNoAccountIsNotBuiltAndTheScriptSaysHow(@TempDir Path dir) throws Exception {
        Path checkout = staleCheckout(dir);
        chown(checkout, 4_000_321, 4_000_321);
        Result result = runAsRoot(checkout, dir, Map.of());
        assertNotEquals(0, result.exit());
        assertFalse(Files.exists(checkout.resolve("mvn-ran-as")), "mvn ran as root:\n" + result.output());
        assertTrue(result.output().contains("uid 4000321") && result.output().contains("mvn -q -B -pl launcher-helper -am"),
                result.output());
    }

    /** The scripts of this checkout, sources and poms, no build; a stand-in mvn in DIR/bin. */
    private static Path staleCheckout(Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path checkout = Files.createDirectories(dir.resolve("nsx"));
        Files.copy(REPO.resolve("nsx-helper"), checkout.resolve("nsx-helper"));
        Path packaging = Files.createDirectories(checkout.resolve("packaging"));
        try (var scripts = Files.list(REPO.resolve("packaging"))) {
            for (Path script : scripts.toList()) {
                Files.copy(script, packaging.resolve(script.getFileName()));
            }
        }
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(checkout.resolve("launcher-helper/src/main"));
        Files.writeString(checkout.resolve("launcher-helper/pom.xml"), "<project/>\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\nid -u > mvn-ran-as\necho \"$HOME\" >> mvn-ran-as\nexit 3\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return checkout;
    }

    private record Result(int exit, String output) {
    }

    private static Result runAsRoot(Path checkout, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(checkout.resolve("nsx-helper").toString(), "--help")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("SUDO_") || name.equals("PKEXEC_UID"));
        builder.environment().putAll(env);
        builder.environment().put("PATH", dir.resolve("bin") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = builder.start();
        String output = ProcessOutput.of(p, 120);
        return new Result(p.exitValue(), output);
    }

    private static void chown(Path tree, int uid, int gid) throws Exception {
        Process p = new ProcessBuilder("chown", "-R", uid + ":" + gid, tree.toString()).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }
}

package org.nsexplorer.helper.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.support.ProcessOutput;
import org.nsexplorer.helper.support.TestUser;

/**
 * hostRoot asked of a real polkitd. No polkitd runs on this machine, so the test starts its
 * own, with a system bus of its own, in a private mount namespace (tmpfs on /run/dbus, our
 * policy and rules bound over polkit's directories): nothing of the host's changes. In that
 * namespace a real user's shell starts the helper-like probe through the real sudo, as
 * ./nsx-helper does from a terminal.
 */
class HostRootWithPolkitdTest {
    private static final Path POLKITD = Path.of("/usr/lib/polkit-1/polkitd");
    private static final Path POLICY = Path.of("..", "packaging", "org.nsexplorer.helper.policy").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aUserWithoutARuleNeedsAnAdministratorsPasswordAndWithoutAnAgentIsRefused() throws Exception {
        try (TestUser user = TestUser.create("polkit")) {
            String out = runProbe(user, false);
            String caller = callerPid(out);
            assertTrue(out.contains("refused: hostRoot: ") && out.contains("polkit needs an administrator's password for uid "
                    + user.uid() + " (process " + caller + ", sh)") && out.contains("no agent is available"), out);
        }
    }

    @Test
    void aUserWhomPolkitAuthorizesGetsHostRoot() throws Exception {
        try (TestUser user = TestUser.create("polkit")) {
            String out = runProbe(user, true);
            assertTrue(out.contains("\nallowed\n"), out);
        }
    }

    private static String callerPid(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("caller ")) {
                return line.substring("caller ".length()).strip();
            }
        }
        throw new AssertionError("no caller line:\n" + out);
    }

    /**
     * Starts dbus-daemon and polkitd in a private mount namespace, with our policy and, when
     * RULE_SAYS_YES, a rule that authorizes USER for hostRoot; then USER's shell runs the probe
     * through sudo. Returns everything printed.
     */
    private String runProbe(TestUser user, boolean ruleSaysYes) throws Exception {
        assumeTrue(Files.isExecutable(POLKITD) && Files.isExecutable(Path.of("/usr/bin/dbus-daemon"))
                && Files.isExecutable(Path.of("/usr/bin/sudo")), "needs polkitd, dbus-daemon and sudo (.ci/run installs them)");
        Path actions = Files.createDirectories(dir.resolve("actions"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(POLICY, actions.resolve(POLICY.getFileName()));
        if (ruleSaysYes) {
            Files.writeString(rules.resolve("50-nsxt.rules"), "polkit.addRule(function(action, subject) {\n"
                    + "  if (action.id == \"" + HostRootAuthorization.ACTION + "\" && subject.user == \"" + user.name()
                    + "\") { return polkit.Result.YES; }\n});\n");
        }
        for (Path p : List.of(dir, actions, rules)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var files = Files.list(actions); var more = Files.list(rules)) {
            for (Path f : Stream.concat(files, more).toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path rule = Path.of("/etc/sudoers.d/" + user.name());
        Files.writeString(rule, user.name() + " ALL=(root) NOPASSWD: " + java + "\n");
        Files.setPosixFilePermissions(rule, PosixFilePermissions.fromString("r--r-----"));
        String script = String.join("\n",
                "set -eu",
                "made=''; [ -d /run/dbus ] || { mkdir /run/dbus; made=1; }",
                "mount -t tmpfs -o mode=0755 nsxt-bus /run/dbus",
                "mount --bind \"$1\" /usr/share/polkit-1/actions",
                "mount --bind \"$2\" /etc/polkit-1/rules.d",
                "dbus-daemon --system --nofork --nopidfile & bus=$!",
                "polkitd=''",
                "trap 'kill $polkitd $bus 2>/dev/null; wait; umount /run/dbus; [ -z \"$made\" ] || rmdir /run/dbus' EXIT",
                "i=0; until [ -S /run/dbus/system_bus_socket ]; do i=$((i+1)); [ $i -lt 100 ]; sleep 0.1; done",
                POLKITD + " --no-debug & polkitd=$!",
                "i=0; until pkaction --action-id " + HostRootAuthorization.ACTION + " >/dev/null 2>&1; do",
                "  i=$((i+1)); [ $i -lt 100 ] || { echo 'polkitd did not start'; exit 1; }; sleep 0.1",
                "done",
                "setpriv --reuid=" + user.uid() + " --regid=" + user.gid() + " --clear-groups -- /bin/sh -c "
                        + "'echo \"caller $$\"; sudo -n \"$0\" -Xmx48m -XX:+UseSerialGC -cp \"$1\" \"$2\"' \"$3\" \"$4\" \"$5\"");
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                actions.toString(), rules.toString(), java, System.getProperty("java.class.path"), HostRootProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = ProcessOutput.of(p, 120);
            System.out.print(out);
            return out;
        } finally {
            Files.deleteIfExists(rule);
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join());
        }
    }
}

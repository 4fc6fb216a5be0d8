package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.ServeSession;

/** The systemd-nspawn line as the command line and the app get it, and the classic recipe's line really run. */
class NspawnByHandTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The copy's directory name: nspawn names the machine, and so the hostname, after it. */
    private static final String MACHINE = "nspawn-classic";

    @Test
    void theCommandLinePrintsTheLineThenWhatItCannotGiveAsComments() throws Exception {
        HelperCli.Result r = HelperCli.run("commands", "--nspawn", "--ns", "mnt", "--root-switch", "chroot",
                "--mounts", "proc", "--", "/bin/sh");
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).matches("systemd-nspawn -D \\S+ --private-users=\\d+:1 --property=MemoryMax=\\S+"
                + " --property=TasksMax=1024 /bin/sh"), lines.get(0));
        assertEquals("# What systemd-nspawn cannot do the same way:", lines.get(1));
        assertTrue(lines.contains("# - " + NspawnDifference.CHROOT.words()), r.stdout());
        assertTrue(lines.contains("# - " + NspawnDifference.HOST_PROCESSES.words()), r.stdout());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("#")), "pastes into a shell as it is");
        // Without --nspawn: the shell script, as before.
        assertTrue(HelperCli.run("commands", "--", "/bin/sh").stdout().contains("unshare --mount"));
    }

    @Test
    void theAppsCommandsAnswerCarriesTheLineAndTheMissingWireNames() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            s.send("{\"type\":\"commands\",\"id\":\"c1\",\"spec\":{\"hostname\":\"web\",\"network\":\"veth\","
                    + "\"memory\":\"64M\",\"pids\":20,\"command\":[\"/bin/sh\"]}}");
            JsonNode answer = s.awaitType("commands", WAIT);
            assertTrue(answer.get("script").asText().contains("unshare"));
            assertTrue(answer.get("nspawn").asText().matches("systemd-nspawn -D \\S+ --hostname=web --network-veth"
                    + " --property=MemoryMax=64M --property=TasksMax=20 /bin/sh"), answer.get("nspawn").asText());
            List<String> missing = new ArrayList<>();
            answer.get("nspawnMissing").forEach(m -> missing.add(m.asText()));
            assertEquals(List.of("cgroup", "mounts", "rootfs-writes", "veth-addresses"), missing);
        }
    }

    /**
     * The classic recipe's line, run: it starts, its command is PID 1 in a PID and a net namespace
     * of its own with only lo. It runs on a copy of the built-in rootfs (nspawn writes /etc/localtime
     * and /var/log/journal into the tree it gets). Where systemd is not the init (a build container),
     * nspawn cannot ask it for the scope that holds the --property limits: the line then runs with
     * --register=no --keep-unit and without them, and says so.
     */
    @Test
    void theClassicRecipesLineStartsTheContainer(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("systemd-nspawn"), "systemd-nspawn is not installed (Debian: apt-get install"
                + " systemd-container): the nspawn line was not run");
        String script = "echo pid=$$; hostname; readlink /proc/self/ns/pid /proc/self/ns/net;"
                + " echo interfaces=$(grep -c : /proc/net/dev)";
        HelperCli.Result r = HelperCli.run("commands", "--nspawn", "--", "/bin/sh", "-c", script);
        assertEquals(0, r.exit(), r.stderr());
        String line = r.lines().get(0);
        String[] words = line.split(" ");
        assertEquals("-D", words[1], line);
        Path rootfs = Path.of(words[2]);
        Path copy = dir.resolve(MACHINE);
        Process cp = new ProcessBuilder("cp", "-a", rootfs.toString(), copy.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor(), "cp -a " + rootfs);
        String run = line.replace(" -D " + rootfs + " ", " -D " + copy + " ");
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            System.out.println("NspawnByHandTest: systemd is not the init on this host, so the line runs without its"
                    + " scope: --register=no --keep-unit, no --property");
            run = run.replace("systemd-nspawn ", "systemd-nspawn --register=no --keep-unit ")
                    .replaceAll(" --property=\\S+", "");
        }
        try {
            Process nspawn = new ProcessBuilder("sh", "-c", run).redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null"))).redirectError(dir.resolve("stderr").toFile()).start();
            String out = new String(nspawn.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
            assertTrue(nspawn.waitFor(60, TimeUnit.SECONDS), "nspawn still running after 60 s");
            String err = Files.readString(dir.resolve("stderr"));
            assertEquals(0, nspawn.exitValue(), run + "\n" + out + err);
            List<String> lines = out.lines().toList();
            assertEquals("pid=1", lines.get(0), out + err);
            assertEquals(MACHINE, lines.get(1), "without --hostname nspawn names it after the directory: " + out);
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(), lines.get(2));
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), lines.get(3));
            assertEquals("interfaces=1", lines.get(4), "--private-network: lo alone");
        } finally {
            removePropagateDirectory();
        }
    }

    /** Where /run is not a tmpfs, nspawn leaves its propagation directory for the machine behind. */
    private static void removePropagateDirectory() throws Exception {
        Path left = Path.of("/run/systemd/nspawn/propagate", MACHINE);
        if (Files.isDirectory(left, LinkOption.NOFOLLOW_LINKS)) {
            new ProcessBuilder("rm", "-r", "--one-file-system", left.toString()).inheritIO().start().waitFor();
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}

package org.nsexplorer.helper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.support.DockerDaemon;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.ServeSession;
import org.nsexplorer.helper.support.TestUser;

/**
 * A container that a real dockerd started (from the project's own rootfs, imported: no
 * registry is reachable) is found by `discover` as `docker inspect` describes it, with the
 * namespaces that lsns shows, and `snapshot` sees inside it what nsenter sees. An `unshare`
 * of the host's own is found too, as "unknown".
 */
class DiscoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "nsx-discover-test:1";
    private static final String NAME = "nsx-discover-web";
    private static DockerDaemon docker;
    private static String id;
    private static long pid;

    @BeforeAll
    static void startADockerContainer() throws Exception {
        assumeTrue(DockerDaemon.installed() || "true".equals(System.getenv("CI")),
                "dockerd and iptables are not installed (.ci/run installs docker.io and iptables);"
                        + " CgroupCluesTest still reads the engines' cgroup paths from fixtures");
        docker = DockerDaemon.start();
        docker.importRootfs(Helper.defaultRootfs().ensureBuilt(), IMAGE);
        id = docker.client("run", "-d", "--name", NAME, "--hostname", "webhost", IMAGE, "tail", "-f", "/dev/null")
                .strip();
        pid = Long.parseLong(docker.client("inspect", "-f", "{{.State.Pid}}", id).strip());
    }

    @AfterAll
    static void removeIt() throws Exception {
        if (docker == null) {
            return;
        }
        try {
            docker.client("rm", "-f", NAME);
            docker.client("rmi", IMAGE);
        } finally {
            docker.close();
        }
        assertEquals(List.of(), docker.leftOnHost().stream().filter(l -> !l.startsWith("br_netfilter")).toList());
    }

    private static JsonNode found(JsonNode containers, String engine, long hostPid) {
        for (JsonNode c : containers) {
            if (c.get("engine").asText().equals(engine) && c.get("hostPid").asLong() == hostPid) {
                return c;
            }
        }
        throw new AssertionError("no " + engine + " container at pid " + hostPid + " in " + containers);
    }

    /** lsns -J -p PID: the namespaces of PID, type to inode. */
    static Map<String, Long> lsns(long pid) throws Exception {
        Process p = new ProcessBuilder("lsns", "-J", "-p", Long.toString(pid)).start();
        JsonNode out = JSON.readTree(p.getInputStream());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "lsns failed");
        Map<String, Long> ns = new LinkedHashMap<>();
        out.get("namespaces").forEach(n -> ns.put(n.get("type").asText(), n.get("ns").asLong()));
        return ns;
    }

    private static String nsenter(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid)));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, argv + ": " + out);
        return out;
    }

    @Test
    void dockersContainerIsFoundAsDockerInspectDescribesIt() throws Exception {
        var r = HelperCli.run("discover");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode c = found(JSON.readTree(r.stdout()).get("containers"), "docker", pid);
        assertEquals(id, c.get("id").asText());
        assertEquals(docker.client("inspect", "-f", "{{.Name}}", id).strip().substring(1), c.get("name").asText());
        assertEquals(docker.client("inspect", "-f", "{{.Config.Image}}", id).strip(), c.get("image").asText());
        assertEquals("tail", c.get("command").asText());
        assertEquals(1, c.get("processes").asInt());
        assertEquals(List.of("mnt", "uts", "ipc", "net", "pid"), JSON.convertValue(c.get("ownNamespaces"), List.class));
        Map<String, Long> seen = lsns(pid);
        for (String type : Namespace.PROC_NAMES) {
            if (seen.containsKey(type)) {
                assertEquals(seen.get(type), c.get("namespaces").get(type).asLong(), type);
            }
        }
    }

    /** The helper's shell in Docker's container (the app's "Open a shell in it"): what `docker exec` shows, as root. */
    @Test
    void aShellFromTheHelperSeesWhatDockerExecSees() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", Duration.ofSeconds(20));
            JsonNode started = s.launchRunning("e", "{\"enter\":" + pid + ",\"terminal\":true}", Duration.ofSeconds(20));
            ServeSession.TerminalRun run = s.type(started.get("container").asText(),
                    "hostname; cat /proc/1/comm; id -u; ls -1 /; exit 7\n", Duration.ofSeconds(20));
            assertEquals(7, run.exited().get("code").asInt(), run.text());
            String viaDocker = docker.client("exec", NAME, "sh", "-c", "hostname; cat /proc/1/comm; id -u; ls -1 /");
            assertTrue(run.text().contains("\n" + viaDocker), "docker exec says:\n" + viaDocker
                    + "\nthe helper's shell:\n" + run.text());
        }
    }

    @Test
    void theSnapshotSeesInsideItWhatNsenterSees() throws Exception {
        var r = HelperCli.run("snapshot", "--pid", Long.toString(pid), "--compare-host");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode inside = JSON.readTree(r.stdout()).get("container");
        assertEquals(nsenter("-u", "hostname").strip(), inside.get("hostname").asText());
        assertEquals("webhost", inside.get("hostname").asText());
        TreeSet<String> interfaces = new TreeSet<>();
        inside.get("interfaces").forEach(i -> interfaces.add(i.get("name").asText()));
        TreeSet<String> listed = new TreeSet<>();
        for (String line : nsenter("-n", "ip", "-o", "link").split("\n")) {
            if (!line.isBlank()) {
                listed.add(line.split(": ")[1].replaceAll("@.*", ""));
            }
        }
        assertEquals(listed, interfaces);
        assertTrue(interfaces.contains("eth0"), interfaces.toString());
        JsonNode first = inside.get("processes").get(0);
        assertEquals(1, first.get("nsPid").asLong(), "its first process is PID 1 inside");
        assertEquals(pid, first.get("hostPid").asLong());
    }

    @Test
    void serveAnswersDiscoverWithIt() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", Duration.ofSeconds(30));
            s.send("{\"type\":\"discover\",\"id\":\"d\"}");
            JsonNode answer = s.awaitType("discovered", Duration.ofSeconds(30));
            assertEquals("d", answer.get("id").asText());
            assertEquals(id, found(answer.get("containers"), "docker", pid).get("id").asText());
        }
    }

    /** A caller other than root sees Docker's containers once the socket's group lets them use docker. */
    @Test
    void aCallerWhoMayUseDockerSeesItsContainersAndAnotherDoesNot() throws Exception {
        Path socket = docker.socket();
        assumeTrue(Files.getAttribute(socket, "unix:mode") instanceof Integer mode && (mode & 060) == 060,
                "dockerd's socket is not group-writable here (no docker group): nobody but root may use it");
        String group = ((java.nio.file.attribute.GroupPrincipal) Files.getAttribute(socket, "posix:group")).getName();
        try (TestUser user = TestUser.create("disc")) {
            var r = HelperCli.run(user.asCaller(), List.of("discover"));
            assertEquals(0, r.exit(), r.stderr());
            for (JsonNode c : JSON.readTree(r.stdout()).get("containers")) {
                assertTrue(c.get("hostPid").asLong() != pid, "root's docker container shown to " + user.name());
            }
            String enter = "{\"enter\":" + pid + ",\"terminal\":true}";
            try (ServeSession s = new ServeSession(user.asCaller())) { // no docker exec for them: no shell either
                s.awaitType("hello", Duration.ofSeconds(20));
                s.send("{\"type\":\"launch\",\"id\":\"e\",\"spec\":" + enter + "}");
                JsonNode refused = s.await(m -> "e".equals(m.path("id").asText()), Duration.ofSeconds(20));
                assertEquals("enter", refused.path("field").asText(), refused.toString());
            }
            run("gpasswd", "-a", user.name(), group);
            r = HelperCli.run(user.asCaller(), List.of("discover"));
            assertEquals(0, r.exit(), r.stderr());
            assertEquals(id, found(JSON.readTree(r.stdout()).get("containers"), "docker", pid).get("id").asText());
            r = HelperCli.run(user.asCaller(), List.of("snapshot", "--pid", Long.toString(pid)));
            assertEquals(0, r.exit(), r.stderr());
            try (ServeSession s = new ServeSession(user.asCaller())) { // docker exec is theirs: so is the shell
                s.awaitType("hello", Duration.ofSeconds(20));
                JsonNode started = s.launchRunning("e", enter, Duration.ofSeconds(20));
                ServeSession.TerminalRun run = s.type(started.get("container").asText(), "hostname; exit\n",
                        Duration.ofSeconds(20));
                assertTrue(run.text().contains("\nwebhost\n"), run.text());
            }
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, List.of(argv) + ": " + out);
    }

    @Test
    void anUnshareOfTheHostsOwnIsUnknown() throws Exception {
        Process unshare = new ProcessBuilder("unshare", "--uts", "--net", "tail", "-f", "/dev/null").start();
        try {
            Path ns = Path.of("/proc", Long.toString(unshare.pid()), "ns", "uts");
            long own = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString().replaceAll("\\D", ""));
            for (int i = 0; i < 100 && Long.parseLong(Files.readSymbolicLink(ns).toString().replaceAll("\\D", ""))
                    == own; i++) {
                Thread.sleep(20); // unshare has not made it yet
            }
            var r = HelperCli.run("discover");
            assertEquals(0, r.exit(), r.stderr());
            // unshare execs tail: the process is tail by then, its namespaces unshare's.
            JsonNode c = found(JSON.readTree(r.stdout()).get("containers"), "unknown", unshare.pid());
            assertEquals(List.of("uts", "net"), JSON.convertValue(c.get("ownNamespaces"), List.class));
        } finally {
            unshare.destroyForcibly().waitFor();
        }
    }
}

package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.ServeSession;

/**
 * A caller who is not root (PKEXEC_UID set, as pkexec sets it) sees only their own processes
 * and the containers of their own helpers, plus the host summary: not PID 1, not another
 * user's process, not a root process.
 */
class SeeingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String USER = "nsxt-seeing";
    private static final String OTHER = "nsxt-seeing2";
    private static int uid;
    private static int otherUid;
    private static Process rootProcess;
    private static Process userProcess;

    @BeforeAll
    static void startProcessesOfRootAndOfTheUser() throws Exception {
        uid = createUser(USER);
        otherUid = createUser(OTHER);
        rootProcess = new ProcessBuilder("/bin/sleep", "120").start();
        userProcess = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "/bin/sleep", "120").start();
        for (int i = 0; i < 200 && realUid(userProcess.pid()) != uid; i++) {
            Thread.sleep(10);
        }
        assertEquals(uid, realUid(userProcess.pid()), "setpriv did not switch to " + USER);
    }

    @AfterAll
    static void stopThemAndRemoveTheUsers() throws Exception {
        for (Process p : new Process[] {rootProcess, userProcess}) {
            if (p != null) {
                p.destroyForcibly().waitFor();
            }
        }
        run("userdel", USER);
        run("userdel", OTHER);
    }

    private static Map<String, String> caller(int callerUid) {
        return Map.of("PKEXEC_UID", Integer.toString(callerUid));
    }

    @Test
    void serveShowsTheCallerOnlyTheirOwnProcessesAndContainers() throws Exception {
        try (ServeSession s = new ServeSession(caller(uid))) {
            s.awaitType("hello", WAIT);
            JsonNode refused = snapshot(s, "root", "\"pid\":" + rootProcess.pid());
            assertEquals("error", refused.get("type").asText(), "a root process was shown to uid " + uid);
            assertEquals("invalid-request", refused.get("kind").asText());
            assertEquals("pid", refused.get("field").asText());
            assertTrue(refused.get("message").asText().contains("your own"), refused.toString());
            assertEquals("error", snapshot(s, "init", "\"pid\":1").get("type").asText());
            assertEquals("error", snapshot(s, "cmp", "\"pid\":" + rootProcess.pid() + ",\"compareHost\":true")
                    .get("type").asText());

            assertEquals("snapshot", snapshot(s, "mine", "\"pid\":" + userProcess.pid()).get("type").asText());
            assertEquals("snapshot", snapshot(s, "host", "\"compact\":true").get("type").asText());
            JsonNode started = s.launchRunning("r", "{\"command\":[\"/bin/sleep\",\"300\"]}", WAIT);
            assertEquals("snapshot", snapshot(s, "ours", "\"container\":\"" + started.get("container").asText()
                    + "\",\"compareHost\":true").get("type").asText());
            assertEquals("snapshot", snapshot(s, "ours-pid", "\"pid\":" + started.get("hostPid").asLong())
                    .get("type").asText());
        }
    }

    @Test
    void theCommandLineRefusesAnotherUsersProcessWithOneLine() throws Exception {
        HelperCli.Result refused = HelperCli.run(caller(uid), List.of("snapshot", "--pid",
                Long.toString(rootProcess.pid())));
        assertEquals(2, refused.exit(), refused.stderr());
        assertEquals(1, refused.stderr().lines().count(), refused.stderr());
        assertTrue(refused.stderr().contains("your own"), refused.stderr());
        assertEquals("", refused.stdout());
        HelperCli.Result compared = HelperCli.run(caller(uid), List.of("snapshot", "--pid",
                Long.toString(rootProcess.pid()), "--compare-host"));
        assertEquals(2, compared.exit(), compared.stderr());

        HelperCli.Result mine = HelperCli.run(caller(uid), List.of("snapshot", "--pid",
                Long.toString(userProcess.pid())));
        assertEquals(0, mine.exit(), mine.stderr());
        assertEquals(0, HelperCli.run(caller(uid), List.of("snapshot", "--host")).exit());
    }

    @Test
    void aContainerIsSeenByTheUserWhoseHelperLaunchedItOnly() throws Exception {
        try (BackgroundRun run = new BackgroundRun(caller(uid), "--", "/bin/sleep", "60")) {
            String pid = Long.toString(run.containerPid());
            HelperCli.Result theirs = HelperCli.run(caller(uid), List.of("snapshot", "--pid", pid));
            assertEquals(0, theirs.exit(), theirs.stderr());
            HelperCli.Result someoneElse = HelperCli.run(caller(otherUid), List.of("snapshot", "--pid", pid));
            assertEquals(2, someoneElse.exit(), someoneElse.stderr());
            assertTrue(someoneElse.stderr().contains("your own"), someoneElse.stderr());
        }
    }

    private static JsonNode snapshot(ServeSession s, String id, String fields) throws Exception {
        s.send("{\"type\":\"snapshot\",\"id\":\"" + id + "\"," + fields + "}");
        return s.await(m -> id.equals(m.path("id").asText()), WAIT);
    }

    private static int createUser(String name) throws Exception {
        run("userdel", name); // a leftover of an interrupted run
        run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
        Process id = new ProcessBuilder("id", "-u", name).start();
        String out = new String(id.getInputStream().readAllBytes()).trim();
        assertEquals(0, id.waitFor(), "id -u " + name);
        return Integer.parseInt(out);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static int realUid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        return -1;
    }
}

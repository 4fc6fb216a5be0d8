package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.ServeSession;

/** The typed JSON protocol of `nsx-helper serve`, against the real helper. */
class ServeProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void launchReportsLaunchedStartedAndExitedWithPids() throws Exception {
        try (ServeSession s = new ServeSession()) {
            JsonNode hello = s.awaitType("hello", WAIT);
            assertEquals(1, hello.get("protocol").asInt());
            s.send("{\"type\":\"launch\",\"id\":\"r1\",\"spec\":{\"hostname\":\"srv\",\"command\":[\"/bin/sh\",\"-c\",\"exit 3\"]}}");
            JsonNode launched = s.awaitType("launched", WAIT);
            assertEquals("r1", launched.get("id").asText());
            String id = launched.get("container").asText();
            JsonNode started = s.awaitType("started", WAIT);
            assertEquals(id, started.get("container").asText());
            assertTrue(started.get("hostPid").asLong() > 1);
            assertEquals(1, started.get("containerPid").asLong());
            JsonNode exited = s.awaitType("exited", WAIT);
            assertEquals(3, exited.get("code").asInt());
            assertEquals(3, exited.get("status").asInt());
        }
    }

    @Test
    void refusalsAreTypedErrorsNamingTheField() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            s.send("{\"type\":\"launch\",\"id\":\"m\",\"spec\":{\"memory\":\"abc\",\"command\":[\"sh\"]}}");
            JsonNode e = s.awaitType("error", WAIT);
            assertEquals("m", e.get("id").asText());
            assertEquals("invalid-request", e.get("kind").asText());
            assertEquals("memory", e.get("field").asText());

            s.send("{\"type\":\"launch\",\"id\":\"h\",\"spec\":{\"hostname\":\"no_way\",\"command\":[\"sh\"]}}");
            assertEquals("hostname", s.awaitType("error", WAIT).get("field").asText());

            s.send("{\"type\":\"launch\",\"id\":\"u\",\"spec\":{\"colour\":\"red\"}}");
            JsonNode unknown = s.awaitType("error", WAIT);
            assertEquals("protocol", unknown.get("kind").asText());
            assertEquals("spec.colour", unknown.get("field").asText());

            s.send("{\"type\":\"format-disk\"}");
            assertEquals("protocol", s.awaitType("error", WAIT).get("kind").asText());

            s.send("{\"type\":\"launch\",\"id\":\"n\",\"spec\":{\"command\":[\"/bin/echo\",\"a\\u0000b\"]}}");
            assertEquals("command", s.awaitType("error", WAIT).get("field").asText());

            s.send("{\"type\":\"launch\",\"id\":\"p\",\"spec\":{\"rootfs\":\"/tmp/a\\u0000b\",\"command\":[\"sh\"]}}");
            assertEquals("rootfs", s.awaitType("error", WAIT).get("field").asText());

            s.send("this is not json");
            assertEquals("protocol", s.awaitType("error", WAIT).get("kind").asText());

            s.send("{\"type\":\"stop\",\"id\":\"x\",\"container\":\"c999\"}");
            assertEquals("container", s.awaitType("error", WAIT).get("field").asText());

            // Still answering after all that.
            s.send("{\"type\":\"list\",\"id\":\"l\"}");
            assertEquals(0, s.awaitType("containers", WAIT).get("containers").size());
        }
    }

    @Test
    void stopEndsAContainerWhoseInitIgnoresSigterm() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            String id = s.launchRunning("r", "{\"command\":[\"/bin/sleep\",\"300\"]}", WAIT).get("container").asText();
            s.send("{\"type\":\"list\",\"id\":\"l\"}");
            JsonNode item = s.awaitType("containers", WAIT).get("containers").get(0);
            assertEquals("RUNNING", item.get("state").asText());
            s.send("{\"type\":\"stop\",\"id\":\"s\",\"container\":\"" + id + "\"}");
            assertEquals("s", s.awaitType("ok", WAIT).get("id").asText());
            JsonNode exited = s.awaitType("exited", WAIT);
            assertEquals(9, exited.get("signal").asInt());
        }
    }

    @Test
    void oomKillIsAnEventBeforeExited() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            s.send("{\"type\":\"launch\",\"id\":\"r\",\"spec\":{\"memory\":\"32M\",\"command\":[\"/bin/sh\",\"-c\","
                    + "\"head -c 256M /dev/zero | tail\"]}}");
            JsonNode oom = s.awaitType("oom", WAIT);
            assertEquals(32L << 20, oom.get("memoryLimit").asLong());
            assertTrue(oom.get("kills").asLong() >= 1);
            assertEquals(137, s.awaitType("exited", WAIT).get("status").asInt());
        }
    }

    @Test
    void setupFailureNamesTheStepAndErrno() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            // The kernel refuses a boot-time offset that would put the clock before zero (ERANGE).
            s.send("{\"type\":\"launch\",\"id\":\"r\",\"spec\":{\"namespaces\":[\"mnt\",\"pid\",\"time\"],"
                    + "\"boottime\":-315000000,\"command\":[\"/bin/true\"]}}");
            JsonNode e = s.awaitType("error", WAIT);
            assertEquals("launch-failed", e.get("kind").asText());
            assertEquals("time-namespace", e.get("step").asText());
            assertEquals(34, e.get("errno").asInt(), e.toString());
            assertTrue(e.get("message").asText().contains("timens_offsets"), e.toString());
        }
    }

    @Test
    void snapshotOfAContainerComparedWithTheHost() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            JsonNode started = s.launchRunning("r", "{\"hostname\":\"cmp\",\"command\":[\"/bin/sleep\",\"300\"]}", WAIT);
            String id = started.get("container").asText();
            long hostPid = started.get("hostPid").asLong();
            // Asked as the app asks each second: compact.
            s.send("{\"type\":\"snapshot\",\"id\":\"s\",\"container\":\"" + id
                    + "\",\"compareHost\":true,\"compact\":true}");
            JsonNode answer = s.await(m -> "s".equals(m.path("id").asText()), WAIT);
            JsonNode comparison = answer.get("comparison");
            assertEquals("cmp", comparison.get("container").get("hostname").asText());
            JsonNode ns = comparison.get("comparison").get("namespaces");
            for (String type : new String[] {"mnt", "uts", "ipc", "net", "pid"}) {
                assertEquals("private", ns.get(type).asText(), type);
            }
            for (String type : new String[] {"user", "cgroup", "time"}) {
                assertEquals("shared", ns.get(type).asText(), type);
            }
            JsonNode pair = comparison.get("comparison").get("processes").get(0);
            assertEquals(hostPid, pair.get("hostPid").asLong());
            assertEquals(1, pair.get("containerPid").asLong());
            assertEquals("lo", comparison.get("comparison").get("interfacesOnlyInContainer").get(0).asText());
            // The app compares the mount tables itself: the one-sided lists stay off the wire each second.
            assertTrue(comparison.get("container").get("mounts").size() > 0);
            assertFalse(comparison.get("comparison").has("mountsOnlyOnHost"), comparison.get("comparison").toString());

            s.send("{\"type\":\"snapshot\",\"id\":\"h\"}");
            JsonNode host = s.await(m -> "h".equals(m.path("id").asText()), WAIT).get("snapshot");
            assertTrue(host.get("processes").size() > 10);

            s.send("{\"type\":\"snapshot\",\"id\":\"gone\",\"pid\":4000000}");
            JsonNode error = s.await(m -> "gone".equals(m.path("id").asText()), WAIT);
            assertEquals("pid", error.get("field").asText());
        }
    }

    @Test
    void aTerminalContainerTakesKeystrokesAndReportsItsOutput() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            String id = s.launchRunning("t", "{\"terminal\":true,\"hostname\":\"termbox\",\"command\":[\"/bin/sh\"]}",
                    WAIT).get("container").asText();
            s.send("{\"type\":\"resize\",\"id\":\"r\",\"container\":\"" + id + "\",\"rows\":40,\"cols\":100}");
            // The prompt first: keys typed before it would be echoed ahead of it.
            JsonNode prompt = s.awaitType("output", WAIT);
            StringBuilder screen = new StringBuilder(new String(Base64.getDecoder().decode(
                    prompt.get("data").asText())));
            String keys = Base64.getEncoder().encodeToString("stty size; hostname; tty; exit 3\n".getBytes());
            s.send("{\"type\":\"input\",\"id\":\"i\",\"container\":\"" + id + "\",\"data\":\"" + keys + "\"}");
            JsonNode m;
            do {
                m = s.await(x -> x.path("type").asText().equals("output") || x.path("type").asText().equals("exited"), WAIT);
                if (m.path("type").asText().equals("output")) {
                    screen.append(new String(Base64.getDecoder().decode(m.get("data").asText())));
                }
            } while (!m.path("type").asText().equals("exited"));
            assertEquals(3, m.get("code").asInt(), screen.toString());
            String text = screen.toString().replace("\r", "");
            assertTrue(text.contains("\n40 100\n"), text);
            assertTrue(text.contains("\ntermbox\n"), text);
            assertTrue(text.startsWith("# "), "an interactive shell's prompt: " + text);
            // The terminal comes from the container's own devpts, so it is named as the container sees it.
            assertTrue(text.contains("\n/dev/pts/0\n"), text);
        }
    }

    @Test
    void keysOrASizeForAContainerWithoutTerminalAreRefusedAndTheContainerRunsOn() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            String id = s.launchRunning("p", "{\"command\":[\"/bin/sleep\",\"300\"]}", WAIT).get("container").asText();
            s.send("{\"type\":\"resize\",\"id\":\"r\",\"container\":\"" + id + "\",\"rows\":40,\"cols\":100}");
            JsonNode refused = s.await(m -> "r".equals(m.path("id").asText()), WAIT);
            assertEquals("error", refused.get("type").asText());
            assertEquals("container", refused.get("field").asText());
            assertTrue(refused.get("message").asText().contains("no terminal"), refused.toString());
            s.send("{\"type\":\"input\",\"id\":\"i\",\"container\":\"" + id + "\",\"data\":\"eA==\"}");
            assertEquals("container", s.await(m -> "i".equals(m.path("id").asText()), WAIT).get("field").asText());
            s.send("{\"type\":\"list\",\"id\":\"l\"}");
            JsonNode listed = s.awaitType("containers", WAIT).get("containers");
            assertEquals(1, listed.size());
            assertEquals("RUNNING", listed.get(0).get("state").asText());
        }
    }
}

package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.Procs;
import org.nsexplorer.helper.support.ServeSession;

/**
 * `signal` with a pid: the teacher stops one process of a container from the host. Only the
 * container's own processes may be named, whatever the switches; everything else is refused
 * by field, and its target lives on.
 */
class ServeSignalProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A second process beside the first: tail is what the signal names, sleep keeps the container up. */
    private static final String TAIL_AND_SLEEP = "\"command\":[\"/bin/sh\",\"-c\",\"tail -f /dev/null & exec sleep"
            + " 300\"]";
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;
    private static final int SIGCONT = 18;
    private final AtomicInteger requests = new AtomicInteger();
    private Process hostSleep;

    @AfterEach
    void endHostProcess() {
        if (hostSleep != null) {
            hostSleep.destroyForcibly();
        }
    }

    @Test
    void aTailInsideIsKilledAndTheAnswerSaysWhatItWas() throws Exception {
        try (ServeSession s = new ServeSession()) {
            JsonNode started = s.launchRunning("l", "{" + TAIL_AND_SLEEP + "}", WAIT);
            String id = started.path("container").asText();
            long tail = member(s, id, "tail");

            JsonNode ok = signal(s, id, SIGKILL, Long.toString(tail));
            assertEquals("ok", ok.path("type").asText(), ok.toString());
            assertEquals(id, ok.path("container").asText());
            assertEquals(tail, ok.path("pid").asLong());
            assertEquals("tail", ok.path("command").asText());
            assertEquals(SIGKILL, ok.path("signal").asInt());
            long inside = ok.path("containerPid").asLong();
            assertTrue(inside > 1 && inside != tail, "tail's PID in the container's own namespace: " + ok);
            assertTrue(Procs.awaitDeath(tail, WAIT), "tail still runs");
            assertTrue(Procs.alive(started.path("hostPid").asLong()), "the rest of the container runs on");

            // The same PID again: that process is gone (a zombie: sleep, its parent, never reaps it), and the
            // refusal says so rather than that it is not the container's.
            JsonNode gone = signal(s, id, SIGKILL, Long.toString(tail));
            assertRefused(gone, "pid");
            assertTrue(gone.path("message").asText().startsWith("no process " + tail + " runs"), gone.toString());
        }
    }

    @Test
    void sigtermEndsAProcessThatDoesNotCatchIt() throws Exception {
        try (ServeSession s = new ServeSession()) {
            String id = s.launchRunning("l", "{" + TAIL_AND_SLEEP + "}", WAIT).path("container").asText();
            long tail = member(s, id, "tail");
            assertEquals("ok", signal(s, id, SIGTERM, Long.toString(tail)).path("type").asText());
            assertTrue(Procs.awaitDeath(tail, WAIT), "tail did not end on SIGTERM");
        }
    }

    @Test
    void hostProcessesAndBadNumbersAreRefusedAndTheirTargetsLive() throws Exception {
        try (ServeSession s = new ServeSession()) {
            String id = s.launchRunning("l", "{" + TAIL_AND_SLEEP + "}", WAIT).path("container").asText();
            long tail = member(s, id, "tail");
            long host = startHostSleep();

            assertRefused(signal(s, id, SIGKILL, Long.toString(host)), "pid");
            assertRefused(signal(s, id, SIGKILL, Long.toString(s.process().pid())), "pid"); // the helper itself
            assertRefused(signal(s, id, SIGKILL, Long.toString(ProcessHandle.current().pid())), "pid"); // this test
            assertRefused(signal(s, id, SIGCONT, "1"), "pid"); // the host's init: a harmless signal, just in case
            for (String bad : new String[] {"0", "-1", "-4194304", "4194305", Long.toString(Integer.MAX_VALUE),
                    Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE)}) {
                assertRefused(signal(s, id, SIGKILL, bad), "pid");
            }
            for (String notANumber : new String[] {"\"" + tail + "\"", tail + ".5", "1e3", "99999999999999999999",
                    "[" + tail + "]", "true", "{}"}) {
                JsonNode e = signal(s, id, SIGKILL, notANumber);
                assertEquals("error", e.path("type").asText(), notANumber + ": " + e);
                if (!e.path("kind").asText().equals("protocol")) {
                    assertEquals("pid", e.path("field").asText(), notANumber + ": " + e);
                }
            }
            // A good pid with a bad signal or container: the signal and the container are checked too.
            assertRefused(signal(s, id, 0, Long.toString(tail)), "signal");
            assertRefused(signal(s, id, 65, Long.toString(tail)), "signal");
            assertRefused(signal(s, "c999", SIGKILL, Long.toString(tail)), "container");

            Thread.sleep(200);
            assertTrue(Procs.alive(host), "the host's process was hit");
            assertTrue(Procs.alive(tail), "the container's tail was hit by a refused request");
        }
    }

    @Test
    void anotherContainersProcessIsRefused() throws Exception {
        try (ServeSession s = new ServeSession()) {
            String alpha = s.launchRunning("a", "{" + TAIL_AND_SLEEP + "}", WAIT).path("container").asText();
            JsonNode bravoStarted = s.launchRunning("b", "{" + TAIL_AND_SLEEP + "}", WAIT);
            String bravo = bravoStarted.path("container").asText();
            long bravoTail = member(s, bravo, "tail");

            assertRefused(signal(s, alpha, SIGKILL, Long.toString(bravoTail)), "pid");
            assertRefused(signal(s, alpha, SIGKILL, Long.toString(bravoStarted.path("hostPid").asLong())), "pid");
            Thread.sleep(200);
            assertTrue(Procs.alive(bravoTail), "bravo's tail was killed through alpha's id");
            assertTrue(Procs.alive(bravoStarted.path("hostPid").asLong()), "bravo was killed through alpha's id");
        }
    }

    /** Bravo joined alpha's PID namespace: it sees alpha's processes, and still may not kill them (nor alpha bravo's). */
    @Test
    void aContainerThatJoinedAnothersPidNamespaceCanSignalOnlyItsOwn() throws Exception {
        try (ServeSession s = new ServeSession()) {
            JsonNode alphaStarted = s.launchRunning("a", "{" + TAIL_AND_SLEEP + "}", WAIT);
            String alpha = alphaStarted.path("container").asText();
            long alphaFirst = alphaStarted.path("hostPid").asLong();
            long alphaTail = member(s, alpha, "tail");
            JsonNode bravoStarted = s.launchRunning("b", "{\"join\":{\"container\":\"" + alpha + "\",\"namespaces\":"
                    + "[\"pid\"]}," + TAIL_AND_SLEEP + "}", WAIT);
            String bravo = bravoStarted.path("container").asText();
            long bravoTail = member(s, bravo, "tail");
            assertEquals(Procs.nsLink(alphaFirst, "pid"), Procs.nsLink(bravoTail, "pid"), "bravo did not join");

            assertRefused(signal(s, bravo, SIGKILL, Long.toString(alphaTail)), "pid");
            assertRefused(signal(s, bravo, SIGKILL, Long.toString(alphaFirst)), "pid");
            assertRefused(signal(s, alpha, SIGKILL, Long.toString(bravoTail)), "pid");
            Thread.sleep(200);
            assertTrue(Procs.alive(alphaTail) && Procs.alive(alphaFirst), "alpha's processes were hit through bravo");
            assertTrue(Procs.alive(bravoTail), "bravo's tail was hit through alpha");

            JsonNode ok = signal(s, bravo, SIGKILL, Long.toString(bravoTail));
            assertEquals("ok", ok.path("type").asText(), ok.toString());
            assertTrue(Procs.awaitDeath(bravoTail, WAIT), "bravo's own tail still runs");
            assertTrue(ok.path("containerPid").asLong() > 1 && ok.path("containerPid").asLong() != bravoTail,
                    "its PID in the shared namespace: " + ok);
        }
    }

    /** Without a PID namespace the container shares the host's: its cgroup still tells its processes apart. */
    @Test
    void withoutAPidNamespaceOnlyTheContainersOwnProcessesMayBeSignalled() throws Exception {
        try (ServeSession s = new ServeSession()) {
            JsonNode started = s.launchRunning("l", "{\"namespaces\":[\"mnt\",\"uts\",\"ipc\",\"net\"],"
                    + TAIL_AND_SLEEP + "}", WAIT);
            String id = started.path("container").asText();
            long tail = member(s, id, "tail");
            long host = startHostSleep();
            assertEquals(Procs.nsLink(host, "pid"), Procs.nsLink(tail, "pid"), "the container has a PID namespace");
            Set<Long> members = members(s, id);
            assertTrue(members.contains(tail) && members.contains(started.path("hostPid").asLong()), members.toString());
            assertFalse(members.contains(host) || members.contains(s.process().pid()), "host processes are listed as"
                    + " the container's own: " + members);

            assertRefused(signal(s, id, SIGKILL, Long.toString(host)), "pid");
            assertRefused(signal(s, id, SIGKILL, Long.toString(s.process().pid())), "pid");
            Thread.sleep(200);
            assertTrue(Procs.alive(host), "a host process was killed through a container without a PID namespace");

            JsonNode ok = signal(s, id, SIGKILL, Long.toString(tail));
            assertEquals("ok", ok.path("type").asText(), ok.toString());
            assertEquals(tail, ok.path("containerPid").asLong(), "inside is the host's PID namespace here");
            assertTrue(Procs.awaitDeath(tail, WAIT), "tail still runs");
        }
    }

    /** The first process may be named too: the container then ends as with a plain signal. */
    @Test
    void theFirstProcessMayBeNamedAndTheContainerEnds() throws Exception {
        try (ServeSession s = new ServeSession()) {
            JsonNode started = s.launchRunning("l", "{" + TAIL_AND_SLEEP + "}", WAIT);
            String id = started.path("container").asText();
            // The container may end (and say "exited") before the answer to the signal arrives:
            // both are collected, in whichever order they come.
            String request = "k" + requests.incrementAndGet();
            s.send("{\"type\":\"signal\",\"id\":\"" + request + "\",\"container\":\"" + id + "\",\"signal\":"
                    + SIGKILL + ",\"pid\":" + started.path("hostPid").asLong() + "}");
            JsonNode ok = null;
            JsonNode exited = null;
            while (ok == null || exited == null) {
                JsonNode m = s.await(x -> request.equals(x.path("id").asText())
                        || "exited".equals(x.path("type").asText()), WAIT);
                if ("exited".equals(m.path("type").asText())) {
                    exited = m;
                } else {
                    ok = m;
                }
            }
            assertEquals("sleep", ok.path("command").asText(), ok.toString());
            assertEquals(1, ok.path("containerPid").asLong());
            assertEquals(SIGKILL, exited.path("signal").asInt());
            // Ended: a pid for it is refused by the container's name.
            assertRefused(signal(s, id, SIGKILL, Long.toString(started.path("hostPid").asLong())), "container");
        }
    }

    private long startHostSleep() throws Exception {
        hostSleep = new ProcessBuilder("sleep", "300").start();
        return hostSleep.pid();
    }

    /** The answer to a signal with PID_JSON (the pid field's JSON text). */
    private JsonNode signal(ServeSession s, String container, int signal, String pidJson) throws Exception {
        String id = "k" + requests.incrementAndGet();
        s.send("{\"type\":\"signal\",\"id\":\"" + id + "\",\"container\":\"" + container + "\",\"signal\":" + signal
                + ",\"pid\":" + pidJson + "}");
        return s.await(m -> id.equals(m.path("id").asText()), WAIT);
    }

    private static void assertRefused(JsonNode answer, String field) {
        assertEquals("error", answer.path("type").asText(), answer.toString());
        assertEquals("invalid-request", answer.path("kind").asText(), answer.toString());
        assertEquals(field, answer.path("field").asText(), answer.toString());
        assertFalse(answer.path("message").asText().isBlank(), answer.toString());
    }

    /** The host PIDs of CONTAINER's own processes, as its snapshot lists them in "members". */
    private Set<Long> members(ServeSession s, String container) throws Exception {
        String id = "s" + requests.incrementAndGet();
        s.send("{\"type\":\"snapshot\",\"id\":\"" + id + "\",\"container\":\"" + container + "\",\"compareHost\":true,"
                + "\"compact\":true}");
        JsonNode answer = s.await(m -> id.equals(m.path("id").asText()), WAIT);
        assertTrue(answer.has("members"), answer.toString());
        Set<Long> pids = new HashSet<>();
        answer.path("members").forEach(pid -> pids.add(pid.asLong()));
        return pids;
    }

    /** The host PID of CONTAINER's own process named COMM, as its snapshot's members list it. */
    private long member(ServeSession s, String container, String comm) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (long pid : members(s, container)) {
                try {
                    if (Files.readString(Path.of("/proc/" + pid + "/comm")).trim().equals(comm)) {
                        return pid;
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + comm + " among the members of " + container);
    }
}

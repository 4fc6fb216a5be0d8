package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.ServeSession;
import org.nsexplorer.helper.support.TestUser;

/**
 * A shell in a container others made ("enter"), through serve as the app asks for it, in
 * containers that `unshare` made: root's, and a user's own in a user namespace. What the
 * shell prints is compared with what the kernel says of the target.
 */
class ServeEnterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** `unshare ARGS... sh -c 'hostname NAME && exec sleep 300'` by BUILDER, and the PID of its container's first process. */
    private record Target(Process unshare, long pid) implements AutoCloseable {
        static Target start(ProcessBuilder builder) throws Exception {
            Process p = builder.redirectErrorStream(true).start();
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                // Once it is sleep (below runuser and unshare), the hostname is set.
                java.util.Optional<ProcessHandle> sleep = p.descendants().filter(d -> comm(d.pid()).equals("sleep"))
                        .findFirst();
                if (sleep.isPresent()) {
                    return new Target(p, sleep.get().pid());
                }
                Thread.sleep(20);
            }
            p.destroyForcibly();
            throw new AssertionError("unshare started no container: " + new String(p.getInputStream().readAllBytes()));
        }

        private static String comm(long pid) {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
            } catch (IOException e) {
                return "";
            }
        }

        String link(String ns) throws IOException {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns)).toString();
        }

        @Override
        public void close() throws Exception {
            unshare.destroy();
            new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            unshare.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Root's `unshare -m -u -i -n -p -f --mount-proc`, its hostname HOSTNAME. */
    private static ProcessBuilder unshare(String hostname) {
        return new ProcessBuilder("unshare", "--fork", "--pid", "--mount-proc", "--uts", "--ipc", "--net", "sh", "-c",
                "hostname " + hostname + " && exec sleep 300");
    }

    private static String enter(long pid) {
        return "{\"enter\":" + pid + ",\"terminal\":true,\"command\":[\"/bin/sh\"]}";
    }

    /** Root's shell in root's unshare container: its hostname, its processes, its namespaces, and nothing left after. */
    @Test
    void rootsShellIsInEveryNamespaceOfTheContainerAndEndsWithNothingLeft() throws Exception {
        try (Target target = Target.start(unshare("theirs")); ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            s.send("{\"type\":\"launch\",\"id\":\"e\",\"spec\":" + enter(target.pid()) + "}");
            // Root, trimmed, in mount, PID, net and IPC namespaces of the container's own: contained, as in Docker's.
            assertEquals("contained", s.awaitType("launched", WAIT).at("/confinement/level").asText());
            JsonNode started = s.awaitType("started", WAIT);
            String id = started.get("container").asText();
            long shell = started.get("hostPid").asLong();
            String status = Files.readString(Path.of("/proc", Long.toString(shell), "status"));
            assertTrue(status.contains("\nCapEff:\t00000000a00425fb\n") && status.contains("\nSeccomp:\t2\n")
                    && status.contains("\nNoNewPrivs:\t1\n"), "a container's capabilities and filter: " + status);
            for (String ns : List.of("mnt", "uts", "ipc", "net", "pid")) {
                assertEquals(target.link(ns), Files.readSymbolicLink(Path.of("/proc", Long.toString(shell), "ns", ns))
                        .toString(), ns + " of the shell");
            }
            assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")),
                    Files.readSymbolicLink(Path.of("/proc", Long.toString(shell), "ns", "user")), "the host's user");
            ServeSession.TerminalRun run = s.type(id, "hostname; cat /proc/1/comm; echo me $$; exit 4\n", WAIT);
            assertEquals(4, run.exited().get("code").asInt(), run.text());
            assertTrue(run.text().contains("\ntheirs\n"), run.text());
            assertTrue(run.text().contains("\nsleep\n"), "PID 1 is the container's: " + run.text());
            // Its own PID inside: the container's numbering, not the host's.
            assertTrue(run.text().matches("(?s).*\\nme [2-9]\\d*\\n.*") && !run.text().contains("me " + shell + "\n"),
                    run.text());
            assertFalse(Files.exists(Path.of("/proc", Long.toString(shell))), "the shell is gone");

            // The same by hand, as the Commands view gives it: the script's shell answers alike.
            s.send("{\"type\":\"commands\",\"id\":\"c\",\"spec\":" + enter(target.pid()) + "}");
            String script = s.await(m -> "c".equals(m.path("id").asText()), WAIT).get("script").asText();
            Process byHand = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
            byHand.getOutputStream().write("hostname; cat /proc/1/comm\n".getBytes());
            byHand.getOutputStream().close();
            String out = new String(byHand.getInputStream().readAllBytes());
            assertTrue(byHand.waitFor(20, TimeUnit.SECONDS), script);
            assertEquals("theirs\nsleep\n", out, script);
            assertTrue(Files.exists(Path.of("/proc", Long.toString(target.pid()))), "their container runs on");
        }
    }

    /** A user's shell in the user namespace they made: root inside, their own uid outside. */
    @Test
    void aUsersShellInTheirOwnUserNamespaceIsRootInsideAndThemOutside() throws Exception {
        try (TestUser user = TestUser.create("enter"); TestUser other = TestUser.create("other");
                Target target = Target.start(user.process("unshare", "--user", "--map-root-user", "--fork", "--pid",
                        "--mount-proc", "--uts", "sh", "-c", "hostname mine && exec sleep 300"))) {
            try (ServeSession s = new ServeSession(user.asCaller())) {
                s.awaitType("hello", WAIT);
                s.send("{\"type\":\"launch\",\"id\":\"e\",\"spec\":" + enter(target.pid()) + "}");
                assertEquals("caller", s.awaitType("launched", WAIT).at("/confinement/level").asText());
                JsonNode started = s.awaitType("started", WAIT);
                long shell = started.get("hostPid").asLong();
                assertEquals(target.link("user"), Files.readSymbolicLink(Path.of("/proc", Long.toString(shell), "ns",
                        "user")).toString());
                String status = Files.readString(Path.of("/proc", Long.toString(shell), "status"));
                assertTrue(status.contains("\nUid:\t" + user.uid() + "\t" + user.uid() + "\t"), status);
                ServeSession.TerminalRun run = s.type(started.get("container").asText(), "id -u; hostname; exit\n",
                        WAIT);
                assertTrue(run.text().contains("\n0\nmine\n"), run.text());
            }
            // Another user may not, and learns nothing of it (the stage's own owner check: StageTest).
            try (ServeSession s = new ServeSession(other.asCaller())) {
                s.awaitType("hello", WAIT);
                s.send("{\"type\":\"launch\",\"id\":\"e\",\"spec\":" + enter(target.pid()) + "}");
                JsonNode refused = s.await(m -> m.path("type").asText().equals("error"), WAIT);
                assertEquals("enter.notSeen", refused.path("code").asText(), refused.toString());
            }
        }
    }

    /**
     * A container in the host's user namespace is root's alone: a user is told why, even when
     * its process runs as them (a setuid tool made it); and a process they may not look into
     * tells them nothing of its namespaces. Nothing starts.
     */
    @Test
    void aUserIsRefusedAShellInTheHostsUserNamespaceAndTheirsIsNotSeen() throws Exception {
        try (TestUser user = TestUser.create("enter");
                Target theirs = Target.start(new ProcessBuilder("unshare", "--uts", "--fork", "setpriv",
                        "--reuid=" + user.uid(), "--regid=" + user.gid(), "--clear-groups", "sh", "-c",
                        "exec sleep 300"));
                Target roots = Target.start(unshare("roots"));
                ServeSession s = new ServeSession(user.asCaller())) {
            s.awaitType("hello", WAIT);
            s.send("{\"type\":\"launch\",\"id\":\"e\",\"spec\":" + enter(theirs.pid()) + "}");
            JsonNode refused = s.await(m -> "e".equals(m.path("id").asText()), WAIT);
            assertEquals("error", refused.get("type").asText());
            assertEquals("enter", refused.get("field").asText());
            assertTrue(refused.get("message").asText().contains("only root may open a shell"), refused.toString());
            s.send("{\"type\":\"launch\",\"id\":\"r\",\"spec\":" + enter(roots.pid()) + "}");
            refused = s.await(m -> "r".equals(m.path("id").asText()), WAIT);
            assertEquals("enter", refused.get("field").asText());
            assertTrue(refused.get("message").asText().contains("is not one you may look into"), refused.toString());
            s.send("{\"type\":\"list\",\"id\":\"l\"}");
            assertEquals(0, s.awaitType("containers", WAIT).get("containers").size(), "nothing started");
        }
    }

    /**
     * A container that chrooted rather than pivoted: root in the shell, of the host's user
     * namespace, could climb out of the chroot to the mount namespace's root (chroot-escape).
     * It has no CAP_SYS_CHROOT to do it with.
     */
    @Test
    void aShellInAChrootedContainerCannotChrootAgain() throws Exception {
        Path rootfs = org.nsexplorer.helper.Helper.defaultRootfs().ensureBuilt();
        try (Target target = Target.start(new ProcessBuilder("unshare", "--fork", "--pid", "--mount", "--uts",
                "--ipc", "--net", "--root=" + rootfs, "/bin/sh", "-c", "exec sleep 300"));
                ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            JsonNode started = s.launchRunning("e", enter(target.pid()), WAIT);
            long shell = started.get("hostPid").asLong();
            String status = Files.readString(Path.of("/proc", Long.toString(shell), "status"));
            assertTrue(status.contains("\nCapEff:\t00000000a00025fb\n"), "CAP_SYS_CHROOT gone: " + status);
            // Its root is the container's: the built-in rootfs, not the host's /.
            assertEquals(Files.readSymbolicLink(Path.of("/proc", Long.toString(target.pid()), "root")),
                    Files.readSymbolicLink(Path.of("/proc", Long.toString(shell), "root")));
        }
    }

    /** What is not a shell in a container is refused, field by field. */
    @Test
    void badEntersAreRefusedWithTheFieldAtFault() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            String[][] cases = {
                {"{\"enter\":1}", "enter", "not a process ID"},
                {"{\"enter\":4000000}", "enter", "no process 4000000"},
                {"{\"enter\":" + ProcessHandle.current().pid() + "}", "enter", "shares every namespace"},
                {"{\"enter\":2,\"hostname\":\"x\"}", "enter", "takes only a command"},
                {"{\"enter\":2,\"namespaces\":[\"net\"]}", "enter", "takes only a command"},
            };
            int n = 0;
            for (String[] c : cases) {
                String rid = "b" + n++;
                s.send("{\"type\":\"launch\",\"id\":\"" + rid + "\",\"spec\":" + c[0] + "}");
                JsonNode refused = s.await(m -> rid.equals(m.path("id").asText()), WAIT);
                assertEquals(c[1], refused.path("field").asText(), c[0] + ": " + refused);
                assertTrue(refused.path("message").asText().contains(c[2]), c[0] + ": " + refused);
            }
        }
    }
}

package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.ServeSession;

/**
 * The limits every container gets when the recipe names none (pids 1024, a quarter of the
 * host's RAM, a sized /tmp), as the kernel applies them, as the window reads them (the
 * snapshot's cgroup), and as `commands` prints them; and the cap on running containers.
 */
class DefaultLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A quarter of MemTotal, rounded down to whole MiB. */
    static long quarterOfHostMemory() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long bytes = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                return bytes / 4 / (1 << 20) * (1 << 20);
            }
        }
        throw new AssertionError("no MemTotal in /proc/meminfo");
    }

    private static long number(Path file) throws Exception {
        return Long.parseLong(Files.readString(file).trim());
    }

    /** The options of the container's /tmp mount, read from the host. */
    private static String tmpOptions(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
            String[] f = line.split(" ");
            if (f[4].equals("/tmp")) {
                return line.substring(line.indexOf(" - ") + 3);
            }
        }
        throw new AssertionError("no /tmp mount in the container");
    }

    @Test
    void aContainerWithoutLimitsGetsTheDefaultsAndTheWindowSeesThem() throws Exception {
        long quarter = quarterOfHostMemory();
        long tmpBytes = Math.min(256L << 20, quarter / 2);
        try (BackgroundRun run = new BackgroundRun("--", "/bin/sleep", "300")) {
            long pid = run.containerPid();
            assertEquals(1024, number(LimitsTest.cgroupDir(pid, "pids").resolve("pids.max")));
            assertEquals(quarter, number(LimitsTest.cgroupDir(pid, "memory").resolve("memory.limit_in_bytes")));
            assertTrue(tmpOptions(pid).contains(",size=" + tmpBytes / 1024 + "k"), tmpOptions(pid));
            // The snapshot the window's limits view is drawn from.
            HelperCli.Result snapshot = HelperCli.run("snapshot", "--pid", Long.toString(pid));
            assertEquals(0, snapshot.exit(), snapshot.stderr());
            JsonNode cgroup = new ObjectMapper().readTree(snapshot.stdout()).get("cgroup");
            assertEquals(1024, cgroup.get("pids").get("limit").asLong(), cgroup.toString());
            assertEquals(quarter, cgroup.get("memory").get("limitBytes").asLong(), cgroup.toString());
        }
    }

    @Test
    void theRecipesOwnLimitsReplaceTheDefaults() throws Exception {
        try (BackgroundRun run = new BackgroundRun("--pids", "50", "--memory", "64M", "--", "/bin/sleep", "300")) {
            long pid = run.containerPid();
            assertEquals(50, number(LimitsTest.cgroupDir(pid, "pids").resolve("pids.max")));
            assertEquals(64L << 20, number(LimitsTest.cgroupDir(pid, "memory").resolve("memory.limit_in_bytes")));
            assertTrue(tmpOptions(pid).contains(",size=32768k"), "half the memory limit: " + tmpOptions(pid));
        }
    }

    @Test
    void theEquivalentCommandsApplyTheDefaultsToo() throws Exception {
        long quarter = quarterOfHostMemory();
        HelperCli.Result r = HelperCli.run("commands", "--", "/bin/sh");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("echo 1024 > "), r.stdout());
        assertTrue(r.stdout().contains("/$CG/pids.max"), r.stdout());
        assertTrue(r.stdout().contains("echo " + quarter + " > "), r.stdout());
        long tmpKib = Math.min(256L << 20, quarter / 2) / 1024;
        assertTrue(r.stdout().contains("mount -t tmpfs -o mode=1777,size=" + tmpKib + "k tmpfs tmp"), r.stdout());
    }

    @Test
    void theSixtyFifthRunningContainerIsRefusedWithATypedError() throws Exception {
        try (ServeSession serve = new ServeSession()) {
            serve.awaitType("hello", WAIT);
            for (int i = 0; i < 64; i++) {
                serve.send("{\"type\":\"launch\",\"id\":\"l" + i + "\",\"spec\":{\"command\":[\"/bin/sleep\",\"300\"]}}");
            }
            List<String> running = new ArrayList<>();
            int started = 0;
            while (running.size() < 64 || started < 64) {
                JsonNode m = serve.await(any -> true, WAIT);
                switch (m.path("type").asText()) {
                    case "launched" -> running.add(m.path("container").asText());
                    case "started" -> started++;
                    case "error", "exited" -> throw new AssertionError("a launch under the limit failed: " + m);
                    default -> {
                    }
                }
            }
            serve.send("{\"type\":\"launch\",\"id\":\"one-too-many\",\"spec\":{\"command\":[\"/bin/sleep\",\"300\"]}}");
            JsonNode refused = serve.await(m -> "one-too-many".equals(m.path("id").asText()), WAIT);
            assertEquals("error", refused.path("type").asText(), refused.toString());
            assertEquals("too-many-containers", refused.path("kind").asText(), refused.toString());
            assertEquals(64, refused.path("limit").asInt(), refused.toString());
            assertTrue(refused.path("message").asText().contains("64"), refused.toString());
            // One ends: there is room again.
            serve.send("{\"type\":\"stop\",\"id\":\"s\",\"container\":\"" + running.get(0) + "\"}");
            serve.await(m -> "exited".equals(m.path("type").asText())
                    && running.get(0).equals(m.path("container").asText()), WAIT);
            serve.send("{\"type\":\"launch\",\"id\":\"again\",\"spec\":{\"command\":[\"/bin/sleep\",\"300\"]}}");
            assertEquals("launched", serve.await(m -> "again".equals(m.path("id").asText()), WAIT).path("type").asText());
        }
    }
}

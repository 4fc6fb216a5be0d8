package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.ServeSession;

/** cgroup limits on real containers (this host: cgroup v1 controllers). */
class LimitsTest {

    @Test
    void memoryHogIsOomKilledAndReported() throws Exception {
        Result r = HelperCli.run("run", "--memory", "32M", "--", "/bin/sh", "-c", "head -c 256M /dev/zero | tail");
        assertEquals(137, r.exit(), r.stderr());
        List<String> helperLines = r.stderr().lines().filter(l -> l.startsWith("nsx-helper:")).toList();
        assertEquals(1, helperLines.size(), r.stderr());
        assertTrue(helperLines.get(0).contains("OOM killer") && helperLines.get(0).contains("32 MiB"), r.stderr());
    }

    @Test
    void underTheMemoryLimitNothingIsKilled() throws Exception {
        Result r = HelperCli.run("run", "--memory", "64M", "--", "/bin/sh", "-c", "head -c 8M /dev/zero | tail | wc -c");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("8388608", r.stdout().trim());
    }

    @Test
    void forkBombStopsAtThePidsLimitWhileTheHelperKeepsAnswering() throws Exception {
        try (ServeSession serve = new ServeSession()) {
            serve.awaitType("hello", Duration.ofSeconds(20));
            serve.send("{\"type\":\"launch\",\"id\":\"bomb\",\"spec\":{\"pids\":20,\"command\":[\"/bin/sh\",\"-c\","
                    + "\"b() { b | b & }; b; sleep 60\"]}}");
            String container = serve.awaitType("launched", Duration.ofSeconds(20)).get("container").asText();
            long hostPid = serve.awaitType("started", Duration.ofSeconds(20)).get("hostPid").asLong();
            Path pidsDir = cgroupDir(hostPid, "pids");
            long peak = 0;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(50);
                peak = Math.max(peak, Long.parseLong(Files.readString(pidsDir.resolve("pids.current")).trim()));
                long asked = System.nanoTime();
                serve.send("{\"type\":\"list\",\"id\":\"l" + i + "\"}");
                String id = "l" + i;
                JsonNode list = serve.await(m -> id.equals(m.path("id").asText()), Duration.ofSeconds(5));
                assertEquals(container, list.get("containers").get(0).get("container").asText());
                System.out.printf("list answered in %.1f ms during the fork bomb%n", (System.nanoTime() - asked) / 1e6);
            }
            assertTrue(Long.parseLong(Files.readString(pidsDir.resolve("pids.events")).replaceAll("\\D", "")) > 0
                    || peak == 20, "the bomb never reached the limit: peak " + peak);
            assertTrue(peak <= 20, "pids.current went over the limit: " + peak);
            serve.send("{\"type\":\"stop\",\"id\":\"s\",\"container\":\"" + container + "\"}");
            JsonNode exited = serve.awaitType("exited", Duration.ofSeconds(20));
            assertEquals(container, exited.get("container").asText());
        }
        assertEquals(List.of(), HostState.listNsxCgroups());
    }

    @Test
    void busyLoopUnderCpus02UsesAboutAFifthOfOneCpu() throws Exception {
        try (BackgroundRun run = new BackgroundRun("--cpus", "0.2", "--", "/bin/sh", "-c", "while :; do :; done")) {
            long pid = run.containerPid();
            Thread.sleep(300); // let the first period settle
            long ticks0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            Thread.sleep(3000);
            long ticks1 = cpuTicks(pid);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double share = (ticks1 - ticks0) / 100.0 / seconds; // USER_HZ is 100 on Linux
            System.out.printf("busy loop under --cpus 0.2 used %.3f of one CPU%n", share);
            assertTrue(share > 0.12 && share < 0.28, "share of one CPU: " + share);
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The directory of PID's cgroup that holds CONTROLLER's files: its v1 hierarchy, or the v2 tree. */
    static Path cgroupDir(long pid, String controller) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (List.of(f[1].split(",")).contains(controller)) {
                return Path.of("/sys/fs/cgroup", controller).resolve(f[2].substring(1));
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            if (line.startsWith("0::/nsx-")) {
                return Path.of("/sys/fs/cgroup").resolve(line.substring(4));
            }
        }
        throw new AssertionError("no " + controller + " cgroup for " + pid);
    }
}

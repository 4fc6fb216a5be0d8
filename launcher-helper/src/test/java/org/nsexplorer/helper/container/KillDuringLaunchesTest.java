package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.ServeSession;

/**
 * kill -9 of the helper at random moments during 200 launches. Serve sessions launch plain,
 * veth, bridge and overlay containers one after another (some run on, some end at once),
 * and each session is killed at a moment drawn from a seeded Random (-Dnsx.faultSeed=N
 * replays a run): during a set-up, between launches, or while its containers run. After
 * each kill, with no other helper started meanwhile (its start-up janitors would hide a
 * leak), the monitors must have removed everything that helper made: its stage and
 * monitor processes, its containers, cgroups, veth pairs and bridge, overlay directories
 * and mounts. Only what the killed helper made is looked at: other helpers may run.
 */
class KillDuringLaunchesTest {
    private static final int LAUNCHES = 200;
    private static final Duration CLEANUP = Duration.ofSeconds(15);
    /** What the containers are, with %s for a sleep argument that marks this session's containers. */
    private static final List<String> KINDS = List.of(
            "{\"command\":[\"/bin/sleep\",\"%s\"]}",
            "{\"command\":[\"/bin/true\"]}",
            "{\"memory\":\"32M\",\"pids\":64,\"command\":[\"/bin/sleep\",\"%s\"]}",
            "{\"network\":\"veth\",\"command\":[\"/bin/sleep\",\"%s\"]}",
            "{\"network\":\"bridge\",\"command\":[\"/bin/sleep\",\"%s\"]}",
            "{\"overlay\":{},\"command\":[\"/bin/sleep\",\"%s\"]}",
            "{\"overlay\":{},\"network\":\"veth\",\"command\":[\"/bin/sh\",\"-c\",\"echo x > /x\"]}");

    @Test
    void killMinus9AtRandomMomentsDuring200LaunchesLeavesNothingBehind() throws Exception {
        long seed = Long.getLong("nsx.faultSeed", 9);
        Random random = new Random(seed);
        long start = System.nanoTime();
        int sent = 0;
        int sessions = 0;
        int startedBeforeKill = 0;
        long slowestCleanupMillis = 0;
        while (sent < LAUNCHES) {
            sessions++;
            String marker = (3600 + sessions) + "." + ProcessHandle.current().pid(); // sleep's argument: ours only
            // In a session of its own, so that its stage and monitors are known after the kill by their session id.
            ProcessBuilder builder = HelperCli.builder(List.of("serve"));
            builder.command().add(0, "setsid");
            try (ServeSession serve = new ServeSession(builder, true)) {
                serve.awaitType("hello", Duration.ofSeconds(60));
                long helper = serve.process().pid();
                assertEquals(helper, sessionOf(helper), "setsid forked: the helper is not its session's leader");
                long stage = serve.process().children().findFirst().orElseThrow().pid();
                int planned = Math.min(LAUNCHES - sent, 6 + random.nextInt(13));
                long killAtMillis = random.nextInt(planned * 20 + 400);
                long t0 = System.nanoTime();
                for (int i = 0; i < planned; i++) {
                    String spec = KINDS.get(random.nextInt(KINDS.size())).formatted(marker);
                    serve.send("{\"type\":\"launch\",\"id\":\"l" + i + "\",\"spec\":" + spec + "}");
                    sent++;
                    long gap = random.nextInt(20);
                    long untilKill = killAtMillis - (System.nanoTime() - t0) / 1_000_000;
                    if (untilKill <= 0) {
                        break;
                    }
                    Thread.sleep(Math.min(gap, untilKill));
                }
                long untilKill = killAtMillis - (System.nanoTime() - t0) / 1_000_000;
                if (untilKill > 0) {
                    Thread.sleep(untilKill);
                }
                serve.process().destroyForcibly().waitFor();
                startedBeforeKill += countStarted(serve);
                long killed = System.nanoTime();
                List<String> left = leftovers(helper, stage, marker);
                while (!left.isEmpty() && System.nanoTime() - killed < CLEANUP.toNanos()) {
                    Thread.sleep(20);
                    left = leftovers(helper, stage, marker);
                }
                assertEquals(List.of(), left, "session " + sessions + " (seed " + seed + ", killed " + killAtMillis
                        + " ms after its first launch) left this " + CLEANUP.toSeconds() + " s after kill -9");
                slowestCleanupMillis = Math.max(slowestCleanupMillis, (System.nanoTime() - killed) / 1_000_000);
            }
        }
        System.out.printf("KillDuringLaunchesTest: %d launches in %d serve sessions, each killed -9 at a random moment"
                + " (seed %d): %d had started, %d were being set up or queued; nothing left after any kill (slowest"
                + " cleanup %d ms); %.1f s%n", sent, sessions, seed, startedBeforeKill, sent - startedBeforeKill,
                slowestCleanupMillis, (System.nanoTime() - start) / 1e9);
        assertTrue(sent >= LAUNCHES);
    }

    /** The "started" messages the session got before it was killed. */
    private static int countStarted(ServeSession serve) {
        int started = 0;
        while (true) {
            try {
                JsonNode m = serve.await(x -> x.path("type").asText().equals("started"), Duration.ofMillis(1));
                if (m != null) {
                    started++;
                }
            } catch (AssertionError | InterruptedException e) {
                return started;
            }
        }
    }

    /** What the helper HELPER (its stage STAGE, its containers' sleep argument MARKER) left on the host. */
    private static List<String> leftovers(long helper, long stage, String marker) throws IOException {
        List<String> left = new ArrayList<>();
        String cgroupPrefix = "nsx-" + helper + "-";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ').trim();
                    if (pid != helper && sessionOf(pid) == helper || cmdline.endsWith(" " + marker)) {
                        left.add("process " + pid + " (" + cmdline + ")");
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        }
        for (Path cgroup : HostState.listNsxCgroups()) {
            if (cgroup.getFileName().toString().startsWith(cgroupPrefix)) {
                left.add("cgroup " + cgroup);
            }
        }
        for (String link : HostState.listNsxInterfaces()) {
            if (link.startsWith("nsx" + stage + "-") || link.equals("nsxbr" + stage)) {
                left.add("interface " + link);
            }
        }
        Path overlays = HelperPaths.stateDir().resolve("overlay");
        if (Files.isDirectory(overlays)) {
            try (Stream<Path> dirs = Files.list(overlays)) {
                dirs.filter(d -> d.getFileName().toString().startsWith(cgroupPrefix))
                        .forEach(d -> left.add("overlay directory " + d));
            }
        }
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(cgroupPrefix))
                .forEach(l -> left.add("mount " + l));
        return left;
    }

    /** Field 6 of /proc/PID/stat: the session id. */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}

package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Engine;

/**
 * The stage keeps one prober forked ahead of the next probe (nsx-probe.c): it holds nothing of
 * the zygote's but its output and its request, and a dead one costs no snapshot.
 */
class SpareProberTest {

    @Test
    void theSpareHoldsOnlyItsOutputAndRequestAndAKilledOneIsReplaced() throws Exception {
        try (Engine engine = Helper.openEngine(false)) {
            Snapshotter snapshotter = new Snapshotter(engine);
            snapshotter.host();
            ProcessHandle zygote = newestStage().children().filter(SpareProberTest::isStage).findFirst()
                    .orElseThrow();
            ProcessHandle spare = theSpare(zygote);
            List<String> fds = fds(spare.pid());
            assertEquals(List.of("0", "1", "2"), fds.subList(0, 3), "stdin, stdout, stderr: " + fds);
            String request = Files.readSymbolicLink(Path.of("/proc", Long.toString(spare.pid()), "fd", fds.get(3)))
                    .toString();
            assertTrue(request.startsWith("pipe:"), "its request pipe, and nothing else: " + request);
            spare.destroyForcibly();
            spare.onExit().get(5, TimeUnit.SECONDS);
            assertTrue(snapshotter.host().processes().size() > 1, "a probe with no spare to take it");
            ProcessHandle next = theSpare(zygote);
            assertTrue(next.pid() != spare.pid(), "another one waits");
        }
    }

    /** The spare monitor, forked while a spare prober waits, holds no end of the prober's pipe. */
    @Test
    void theSpareMonitorHoldsNoEndOfTheSpareProbersPipe() throws Exception {
        try (Engine engine = Helper.openEngine(false)) {
            new Snapshotter(engine).host();
            ProcessHandle zygote = newestStage().children().filter(SpareProberTest::isStage).findFirst()
                    .orElseThrow();
            String proberPipe = requestPipe(theSpare(zygote));
            assertTrue(proberPipe.startsWith("pipe:"), proberPipe);
            // The spare monitor killed: the zygote forks the next one now, while the spare prober waits.
            ProcessHandle monitor = theSpareMonitor(zygote, -1);
            monitor.destroyForcibly();
            monitor.onExit().get(5, TimeUnit.SECONDS);
            ProcessHandle next = theSpareMonitor(zygote, monitor.pid());
            assertEquals(proberPipe, requestPipe(theSpare(zygote)), "the same spare prober waits");
            List<String> held = fds(next.pid()).stream().map(fd -> link(next.pid(), fd)).toList();
            assertFalse(held.contains(proberPipe), "the spare monitor holds " + proberPipe + ": " + held);
        }
    }

    /**
     * The zygote's one child holding a signalfd and waiting on a pipe for its request, other than
     * the one with PID NOT. Just forked, a child still holds the zygote's own signalfd and its other
     * fds, the spare prober's pipe among them, until it closes them: it is not yet the spare.
     */
    private static ProcessHandle theSpareMonitor(ProcessHandle zygote, long not) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<ProcessHandle> monitors = zygote.children().filter(p -> p.pid() != not)
                    .filter(p -> holdsSignalfd(p.pid()) && waitsOnAPipe(p.pid())).toList();
            if (monitors.size() == 1) {
                return monitors.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no spare monitor under the zygote " + zygote.pid());
    }

    /** A spare prober's fd after its stdio: its request pipe. */
    private static String requestPipe(ProcessHandle prober) {
        return link(prober.pid(), fds(prober.pid()).get(3));
    }

    private static String link(long pid, String fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", fd)).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** The anchor this test's engine started: the test JVM's newest nsx-stage child. */
    private static ProcessHandle newestStage() {
        return ProcessHandle.current().children().filter(SpareProberTest::isStage)
                .max(Comparator.comparing(p -> p.info().startInstant().orElse(Instant.MIN))).orElseThrow();
    }

    /** The zygote's one child that waits with four fds (probers that answered may still be ending). */
    private static ProcessHandle theSpare(ProcessHandle zygote) throws InterruptedException {
        List<ProcessHandle> waiting = List.of();
        for (int i = 0; i < 200; i++) {
            waiting = zygote.children().filter(SpareProberTest::isStage).filter(p -> fds(p.pid()).size() == 4)
                    .toList();
            // The zygote's other waiting child, the spare monitor, holds a signalfd: it is no prober.
            long probers = zygote.children().filter(SpareProberTest::isStage).filter(p -> !holdsSignalfd(p.pid()))
                    .count();
            if (waiting.size() == 1 && probers == 1) {
                return waiting.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not one spare prober alone: " + waiting);
    }

    /** Whether PID sleeps reading a pipe ("pipe_read", or "anon_pipe_read" on newer kernels). */
    private static boolean waitsOnAPipe(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "wchan")).contains("pipe_read");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean holdsSignalfd(long pid) {
        return fds(pid).stream().anyMatch(fd -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", fd)).toString()
                        .contains("signalfd");
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static boolean isStage(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).trim().equals("nsx-stage");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(p -> p.getFileName().toString()).sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

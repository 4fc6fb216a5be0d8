package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.ServeSession;

/**
 * A flood of requests that each take a worker or fork a probe: beyond the bound they are
 * answered "busy", never with one more thread or process each.
 */
class ServeBoundsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aFloodOfSnapshotsIsAnsweredWithoutAThreadForEach() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            long pid = s.process().pid();
            long before = threads(pid);
            int requests = 300;
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                flood.append("{\"type\":\"snapshot\",\"id\":\"s").append(i).append("\"}\n");
            }
            try (Sampler most = new Sampler(() -> threads(pid))) {
                s.sendBytes(flood.toString().getBytes(StandardCharsets.UTF_8));
                Map<String, String> answers = awaitAnswers(s, "s", requests, Duration.ofSeconds(120));
                assertTrue(most.max() <= before + 20, "serve went from " + before + " to " + most.max()
                        + " threads for " + requests + " snapshot requests");
                assertEquals(requests, answers.size());
                assertTrue(answers.values().stream().allMatch(a -> a.equals("snapshot") || a.equals("busy")),
                        answers.toString());
            }
        }
    }

    @Test
    void aFloodOfPingsForksAtMostTheBoundOfProbes() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            String container = s.launchRunning("r", "{\"network\":\"veth\",\"command\":[\"/bin/sleep\",\"300\"]}",
                    WAIT).get("container").asText();
            long pid = s.process().pid();
            Thread.sleep(300); // idle: the stage's spare monitor and spare prober wait, counted in "before"
            long before = stageProcesses(pid);
            int requests = 60;
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                flood.append("{\"type\":\"ping\",\"id\":\"p").append(i).append("\",\"to\":\"").append(container)
                        .append("\",\"count\":10}\n");
            }
            try (Sampler most = new Sampler(() -> stageProcesses(pid))) {
                s.sendBytes(flood.toString().getBytes(StandardCharsets.UTF_8));
                Map<String, String> answers = awaitAnswers(s, "p", requests, Duration.ofSeconds(60));
                // 16 probes at most, and the next spare prober forked while they run.
                assertTrue(most.max() <= before + 17, "the stage went from " + before + " to " + most.max()
                        + " processes for " + requests + " pings");
                assertEquals(requests, answers.size());
                assertTrue(answers.values().stream().allMatch(a -> a.equals("ping") || a.equals("busy")),
                        answers.toString());
                assertTrue(answers.containsValue("busy"), "60 pings of 10 s at once must meet the bound");
            }
            s.send("{\"type\":\"ping\",\"id\":\"after\",\"to\":\"" + container + "\",\"count\":1}");
            JsonNode pong = s.await(m -> "after".equals(m.path("id").asText()), WAIT);
            assertEquals("ping", pong.get("type").asText(), pong.toString());
            assertEquals(1, pong.get("received").asInt(), pong.toString());
        }
    }

    /** Each request's answer (its type, or the error's kind) by id, for the COUNT ids PREFIX0.. */
    private static Map<String, String> awaitAnswers(ServeSession s, String prefix, int count, Duration timeout)
            throws InterruptedException {
        Map<String, String> answers = new HashMap<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (answers.size() < count) {
            JsonNode m = s.await(x -> x.path("id").asText("").matches(prefix + "\\d+"),
                    Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            String type = m.get("type").asText();
            answers.put(m.get("id").asText(), type.equals("error") ? m.path("kind").asText() : type);
        }
        return answers;
    }

    private static long threads(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The stage's processes under serve: anchor, zygote, monitors and probes (containers run other programs). */
    private static long stageProcesses(long pid) {
        return ProcessHandle.of(pid).map(p -> p.descendants().filter(d -> {
            try {
                return Files.readString(Path.of("/proc/" + d.pid() + "/comm")).trim().equals("nsx-stage");
            } catch (IOException e) {
                return false;
            }
        }).count()).orElse(0L);
    }

    /** The largest value FIGURE took, read every 20 ms until closed. */
    private static final class Sampler implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger max = new AtomicInteger();
        private final Thread thread;

        Sampler(LongSupplier figure) {
            thread = new Thread(() -> {
                while (running.get()) {
                    max.accumulateAndGet((int) figure.getAsLong(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bounds-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        int max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}

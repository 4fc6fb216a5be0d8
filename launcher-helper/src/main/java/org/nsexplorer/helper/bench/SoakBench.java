package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nsexplorer.helper.support.TreeRemoval;

import static org.nsexplorer.helper.bench.Percentiles.percentile;

/**
 * `./nsx-helper bench soak`: through one real `serve`, launches of the default container one
 * after another, then a batch at once; counts failures (an error, a missing event, an exit
 * status that is not 0), the launch time (request to "started"), and reads the broker's
 * open fds, threads and resident memory from /proc of the serve process after a warm-up and
 * at the end: they must stay flat (none may grow by more than 10 %).
 */
public final class SoakBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final double FLAT = 0.10;
    private static final int WARM_UP = 300;

    private SoakBench() {
    }

    public record Report(int sequential, int concurrent, int failures, List<String> firstFailures, double p50Millis,
            double p99Millis, double batchP50Millis, double batchP99Millis, BrokerFigures start, BrokerFigures end) {
        public boolean flat() {
            return start.flatTo(end, FLAT);
        }

        String lastLine() {
            return String.format(Locale.ROOT, "soak: %d launches, %d failures, launch p50 %.1f ms p99 %.1f ms,"
                    + " broker fds %d -> %d, threads %d -> %d, RSS %.1f -> %.1f MiB: %s", sequential + concurrent,
                    failures, p50Millis, p99Millis, start.fds(), end.fds(), start.threads(), end.threads(),
                    start.rssKiB() / 1024.0, end.rssKiB() / 1024.0, flat() ? "flat (none grew by more than 10%)" : "NOT FLAT (grew by more than 10%)");
        }
    }

    /** `bench soak [--sequential N] [--concurrent M]`; exits 0 when nothing failed and the broker stayed flat. */
    public static int main(List<String> args) {
        int sequential = 1000;
        int concurrent = 50;
        try {
            if (args.size() % 2 != 0) {
                throw new IllegalArgumentException();
            }
            for (int i = 0; i < args.size(); i += 2) {
                switch (args.get(i)) {
                    case "--sequential" -> sequential = Math.max(1, Integer.parseInt(args.get(i + 1)));
                    case "--concurrent" -> concurrent = Math.max(0, Integer.parseInt(args.get(i + 1)));
                    default -> throw new IllegalArgumentException();
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("nsx-helper: usage: ./nsx-helper bench soak [--sequential N] [--concurrent M]");
            return 2;
        }
        try {
            Report r = run(WARM_UP, sequential, concurrent, System.out);
            return r.failures() == 0 && r.flat() ? 0 : 1;
        } catch (IOException e) {
            System.err.println("nsx-helper: bench soak: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * The serve keeps its state (the built-in rootfs) in a scratch directory of its own: other
     * helpers on the host, perhaps of another version, then cannot make it wait on the shared
     * rootfs while they rebuild it.
     */
    public static Report run(int warmUp, int sequential, int concurrent, PrintStream out) throws IOException,
            InterruptedException {
        Path dir = Files.createTempDirectory("nsx-soak-");
        try {
            return run(warmUp, sequential, concurrent, dir.resolve("state"), out);
        } finally {
            TreeRemoval.remove(dir);
        }
    }

    private static Report run(int warmUp, int sequential, int concurrent, Path state, PrintStream out)
            throws IOException, InterruptedException {
        try (ServeProcess serve = new ServeProcess(state)) {
            serve.awaitHello(TIMEOUT);
            out.printf(Locale.ROOT, "soak: %d launches of the default container one after another, then %d at once,"
                    + " through one nsx-helper serve (pid %d), after %d warm-up launches%n", sequential, concurrent,
                    serve.pid(), warmUp);
            Launches launches = new Launches(serve);
            // The broker's heap and compiled code grow to their working size over its first
            // few hundred launches: the figures that must stay flat are taken after those.
            for (int i = 0; i < warmUp; i++) {
                launches.run(List.of("w" + i), "[\"/bin/true\"]");
            }
            BrokerFigures start = BrokerFigures.of(serve.pid());
            List<Double> each = new ArrayList<>();
            for (int i = 0; i < sequential; i++) {
                Arrays.stream(launches.run(List.of("s" + i), "[\"/bin/true\"]")).forEach(each::add);
            }
            double[] one = each.stream().mapToDouble(Double::doubleValue).toArray();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                ids.add("b" + i);
            }
            double[] batch = concurrent == 0 ? new double[] {0} : launches.run(ids, "[\"/bin/sleep\",\"1\"]");
            Thread.sleep(500); // the last cgroups go with their monitors
            BrokerFigures end = BrokerFigures.of(serve.pid());
            Report r = new Report(sequential, concurrent, launches.failures.size(), launches.failures.subList(0,
                    Math.min(5, launches.failures.size())), percentile(one, 50), percentile(one, 99),
                    percentile(batch, 50), percentile(batch, 99), start, end);
            out.printf(Locale.ROOT, "failures: %d%s%n", r.failures(), r.firstFailures().isEmpty() ? ""
                    : " (first: " + r.firstFailures() + ")");
            out.printf(Locale.ROOT, "launch, request -> started: one after another p50 %.1f ms, p99 %.1f ms;"
                    + " %d at once p50 %.1f ms, p99 %.1f ms%n", r.p50Millis(), r.p99Millis(), concurrent,
                    r.batchP50Millis(), r.batchP99Millis());
            out.println("broker at the start: " + start.describe());
            out.println("broker at the end:   " + end.describe());
            out.println(r.lastLine());
            return r;
        }
    }

    /** Sends launches and follows each to its exit, recording what went wrong. */
    private static final class Launches {
        private final ServeProcess serve;
        private final List<String> failures = new ArrayList<>();

        Launches(ServeProcess serve) {
            this.serve = serve;
        }

        /** Launches COMMAND once per id, all at once; returns each one's milliseconds to "started". */
        double[] run(List<String> ids, String command) throws IOException, InterruptedException {
            Map<String, Long> sent = new HashMap<>();
            Map<String, String> containerOf = new HashMap<>(); // container -> request id
            Map<String, Double> startedMillis = new HashMap<>();
            List<String> open = new ArrayList<>(ids);
            for (String id : ids) {
                sent.put(id, System.nanoTime());
                serve.send("{\"type\":\"launch\",\"id\":\"" + id + "\",\"spec\":{\"command\":" + command + "}}");
            }
            long end = System.nanoTime() + TIMEOUT.toNanos();
            while (!open.isEmpty() && System.nanoTime() < end) {
                ServeProcess.Message m = serve.poll(Duration.ofMillis(200));
                if (m == null) {
                    if (!serve.isAlive()) {
                        break;
                    }
                    continue;
                }
                String container = m.text("container", null);
                String request = m.id() != null ? m.id() : containerOf.get(container);
                if (request == null || !sent.containsKey(request)) {
                    continue;
                }
                switch (m.type()) {
                    case "launched" -> containerOf.put(container, request);
                    case "started" -> startedMillis.put(request, (m.nanos() - sent.get(request)) / 1e6);
                    case "exited" -> {
                        int code = m.whole("status", -1);
                        if (code != 0) {
                            failures.add(request + " exited with status " + code);
                        } else if (!startedMillis.containsKey(request)) {
                            failures.add(request + " exited without a started event");
                        }
                        open.remove(request);
                    }
                    case "error" -> {
                        failures.add(request + ": " + m.text("message", ""));
                        open.remove(request);
                    }
                    default -> {
                        // oom and output do not come for these commands
                    }
                }
            }
            for (String id : open) {
                String seen = startedMillis.containsKey(id) ? "started, but no exit" : containerOf.containsValue(id)
                        ? "launched, but neither started nor exited" : "not even launched";
                failures.add(id + ": " + seen + " within " + TIMEOUT.toSeconds() + " s" + (serve.isAlive() ? ""
                        : " (the helper died)"));
            }
            return ids.stream().mapToDouble(id -> startedMillis.getOrDefault(id, Double.NaN))
                    .filter(d -> !Double.isNaN(d)).toArray();
        }
    }
}

package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.serve.RequestPreview;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * `./nsx-helper bench fuzz`: sends generated and mutated requests ({@link FuzzRequests}) to
 * one real `serve`, each followed by a `list` whose answer closes its window, and checks that
 * every request is answered (an answer carries the request's id, or none when its id could
 * not be read; `input` and `resize` answer only when refused). A crash is the helper dying
 * or an answer missing. Every container a valid mutation launches is stopped at once. The
 * serve keeps its state in a scratch directory, so rootfs requests touch only that. After
 * the session closes, the host's fingerprint must be what it was, and a launch must work.
 */
public final class FuzzBench {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final String NO_ID = "\0no id";

    private FuzzBench() {
    }

    /** The figures of one run. A crash is the helper dying, or a request left without its answer. */
    public record Report(int requests, long seed, int errors, int otherAnswers, int silent, int unexpected,
            List<String> missing,
            boolean helperDied, double slowestMillis, String slowestType, int launched, Map<String, Integer> kinds,
            Map<String, String> firstMessages,
            List<String> hostChanges, boolean launchWorksAfter) {
        public int crashes() {
            return missing.size() + (helperDied ? 1 : 0);
        }

        public boolean fingerprintUnchanged() {
            return hostChanges.isEmpty();
        }

        public boolean passed() {
            return crashes() == 0 && fingerprintUnchanged() && launchWorksAfter;
        }

        String lastLine() {
            return String.format(Locale.ROOT, "fuzz: %d requests, %d errors answered, %d crashes, slowest answer"
                    + " %.1f ms (%s), host fingerprint %s, launch after: %s", requests, errors, crashes(),
                    slowestMillis, slowestType, fingerprintUnchanged() ? "unchanged" : "CHANGED",
                    launchWorksAfter ? "ok" : "FAILED");
        }
    }

    /** `bench fuzz [--requests N] [--seed S]`; exits 0 when there was no crash and nothing changed. */
    public static int main(List<String> args) {
        int requests = 10_000;
        long seed = 1;
        try {
            if (args.size() % 2 != 0) {
                throw new IllegalArgumentException();
            }
            for (int i = 0; i < args.size(); i += 2) {
                switch (args.get(i)) {
                    case "--requests" -> requests = Math.max(1, Integer.parseInt(args.get(i + 1)));
                    case "--seed" -> seed = Long.parseLong(args.get(i + 1));
                    default -> throw new IllegalArgumentException();
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("nsx-helper: usage: ./nsx-helper bench fuzz [--requests N] [--seed S]");
            return 2;
        }
        try {
            return run(requests, seed, System.out).passed() ? 0 : 1;
        } catch (IOException e) {
            System.err.println("nsx-helper: bench fuzz: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    public static Report run(int requests, long seed, PrintStream out) throws IOException, InterruptedException {
        HostFingerprint before = HostFingerprint.capture();
        Path dir = Files.createTempDirectory("nsx-fuzz-");
        try {
            Path state = dir.resolve("state");
            Path scratch = Files.createDirectory(dir.resolve("files"));
            Session session;
            try (ServeProcess serve = new ServeProcess(state)) {
                serve.awaitHello(ANSWER_TIMEOUT);
                out.printf(Locale.ROOT, "fuzz: %d requests from seed %d to one nsx-helper serve (pid %d)%n", requests,
                        seed, serve.pid());
                session = new Session(serve, new FuzzRequests(seed, scratch));
                long t0 = System.nanoTime();
                session.send(requests);
                out.printf(Locale.ROOT, "sent in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                session.finish();
                session.launchWorks = !session.died && launches(serve, "z-final");
                if (serve.closeInput(Duration.ofSeconds(30)) != 0) {
                    session.died = true;
                }
            }
            List<String> changes = HostFingerprint.capture().differencesFrom(before);
            for (int i = 0; i < 100 && !changes.isEmpty(); i++) { // cleanup after exit is asynchronous
                Thread.sleep(50);
                changes = HostFingerprint.capture().differencesFrom(before);
            }
            boolean launchAfter = session.launchWorks && launchesAfterwards();
            Report report = new Report(requests, seed, session.errors, session.otherAnswers, session.silent,
                    session.unexpected, session.missing, session.died, session.slowestNanos / 1e6, session.slowestType, session.launched,
                    session.kinds, session.firstMessages, changes, launchAfter);
            print(report, out);
            return report;
        } finally {
            TreeRemoval.remove(dir);
        }
    }

    private static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "answers: %d errors, %d other answers, %d accepted without an answer (input,"
                + " resize)%n", r.errors(), r.otherAnswers(), r.silent());
        out.println("errors by kind: " + r.kinds());
        r.firstMessages().forEach((kind, message) -> {
            if (!List.of("protocol", "invalid-request").contains(kind)) {
                out.println("  first " + kind + ": " + message);
            }
        });
        if (r.unexpected() > 0) {
            out.printf(Locale.ROOT, "answers that matched no request sent: %d%n", r.unexpected());
        }
        out.printf(Locale.ROOT, "containers launched by valid mutations: %d, each stopped at once%n", r.launched());
        out.printf(Locale.ROOT, "crashes: %d (helper died: %s, answers missing: %d)%n", r.crashes(),
                r.helperDied() ? "yes" : "no", r.missing().size());
        r.missing().stream().limit(10).forEach(m -> out.println("  no answer to " + m));
        out.println("host fingerprint (mounts, nsx cgroups, nsx links, hostname) after the session closed: "
                + (r.fingerprintUnchanged() ? "unchanged" : "changed: " + r.hostChanges()));
        out.println(r.lastLine());
    }

    /** After the session: a new engine (a new stage) launches the default container, which exits 0. */
    private static boolean launchesAfterwards() {
        try (Engine engine = Helper.openEngine(false)) {
            Container c = engine.launch(ContainerSpec.of(List.of("/bin/sh", "-c", "exit 0")), new ContainerListener() {
            });
            return c.exited().get(30, TimeUnit.SECONDS).shellStatus() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** A launch of the default container in SERVE ends with exit code 0. */
    private static boolean launches(ServeProcess serve, String id) throws IOException, InterruptedException {
        serve.send("{\"type\":\"launch\",\"id\":\"" + id + "\",\"spec\":{\"command\":[\"/bin/sh\",\"-c\",\"exit 0\"]}}");
        String container = null;
        long end = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            ServeProcess.Message m = serve.poll(Duration.ofMillis(200));
            if (m == null) {
                if (!serve.isAlive()) {
                    return false;
                }
                continue;
            }
            if (id.equals(m.id())) {
                if (!m.type().equals("launched")) {
                    return false;
                }
                container = m.text("container", "");
            } else if (container != null && m.type().equals("exited")
                    && container.equals(m.text("container", ""))) {
                return m.whole("code", -1) == 0;
            }
        }
        return false;
    }

    /** A request still waiting for its answer. */
    private record Pending(int line, long sentNanos, String type, String head) {
    }

    /** One fuzz session: sends the lines, matches the answers, stops what gets launched. */
    private static final class Session {
        private final ServeProcess serve;
        private final FuzzRequests lines;
        private final Map<String, Deque<Pending>> pending = new HashMap<>();
        private final Set<String> live = new HashSet<>();
        private final Map<String, Integer> kinds = new TreeMap<>();
        private final Map<String, String> firstMessages = new TreeMap<>();
        private int launched;
        /** Answers that matched no request sent: a request answered twice, or an id never sent. */
        private int unexpected;
        private int errors;
        private int otherAnswers;
        private int silent;
        private final List<String> missing = new ArrayList<>();
        private boolean died;
        private boolean launchWorks;
        private long slowestNanos;
        private String slowestType = "-";
        // the line whose window is open
        private String windowId;
        private int windowLine = -1;
        private long windowSent;
        private String windowType;
        private boolean windowAnswered;

        Session(ServeProcess serve, FuzzRequests lines) {
            this.serve = serve;
            this.lines = lines;
        }

        void send(int requests) throws IOException, InterruptedException {
            for (int n = 0; n < requests && !died; n++) {
                lines.launchedSoFar(launched + 1); // c1 was the helper's own warm-up
                byte[] line = lines.line(n);
                RequestPreview preview = RequestPreview.of(line);
                windowId = preview.answerId() == null ? NO_ID : preview.answerId();
                windowType = preview.acceptedType() == null ? "refused" : preview.acceptedType();
                windowLine = n;
                windowAnswered = false;
                windowSent = System.nanoTime();
                try {
                    serve.send(line);
                    serve.send("{\"type\":\"list\",\"id\":\"z-sync-" + n + "\"}");
                } catch (IOException e) {
                    died = true;
                    break;
                }
                String sync = "z-sync-" + n;
                while (!died) {
                    ServeProcess.Message m = next();
                    if (m == null) {
                        break;
                    }
                    if (sync.equals(m.id())) {
                        break;
                    }
                    take(m);
                }
                if (!windowAnswered) {
                    pending.computeIfAbsent(windowId, k -> new ArrayDeque<>()).add(new Pending(n, windowSent,
                            windowType, head(line)));
                }
            }
            windowLine = -1;
        }

        /** Stops what still runs and waits for the late answers. */
        void finish() throws IOException, InterruptedException {
            for (String c : List.copyOf(live)) {
                stop(c);
            }
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!died && System.nanoTime() < end && (waitingForAnswers() || !live.isEmpty())) {
                ServeProcess.Message m = serve.poll(Duration.ofMillis(200));
                if (m != null) {
                    take(m);
                } else if (!serve.isAlive()) {
                    died = true;
                }
            }
            for (Deque<Pending> left : pending.values()) {
                for (Pending p : left) {
                    if (p.type().equals("input") || p.type().equals("resize")) {
                        silent++;
                    } else {
                        missing.add("line " + p.line() + " (" + p.type() + "): " + p.head());
                    }
                }
            }
        }

        private boolean waitingForAnswers() {
            return pending.values().stream().flatMap(Deque::stream).anyMatch(p -> !p.type().equals("input")
                    && !p.type().equals("resize"));
        }

        /** The next message, or null (and died set) when the helper is gone or silent for a minute. */
        private ServeProcess.Message next() throws InterruptedException {
            long end = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
            while (System.nanoTime() < end) {
                ServeProcess.Message m = serve.poll(Duration.ofMillis(500));
                if (m != null) {
                    return m;
                }
                if (!serve.isAlive()) {
                    break;
                }
            }
            died = true;
            return null;
        }

        private void take(ServeProcess.Message m) throws IOException {
            String container = m.text("container", null);
            if (m.type().equals("launched") && container != null) {
                launched++;
                live.add(container);
                stop(container);
            } else if ((m.type().equals("exited") || m.type().equals("error")) && container != null && !m.isAnswer()) {
                live.remove(container);
            }
            if (!m.isAnswer()) {
                return; // an event
            }
            String id = m.id() == null ? NO_ID : m.id();
            if (id.startsWith("z-")) {
                return; // the bench's own stop
            }
            Pending answered;
            if (windowLine >= 0 && !windowAnswered && id.equals(windowId)) {
                answered = new Pending(windowLine, windowSent, windowType, "");
                windowAnswered = true;
            } else if (pending.containsKey(id)) {
                answered = pending.get(id).poll();
                if (pending.get(id).isEmpty()) {
                    pending.remove(id);
                }
            } else {
                unexpected++;
                return;
            }
            if (m.type().equals("error")) {
                errors++;
                kinds.merge(m.text("kind", "?"), 1, Integer::sum);
                firstMessages.putIfAbsent(m.text("kind", "?"), m.text("message", ""));
            } else {
                otherAnswers++;
            }
            long took = m.nanos() - answered.sentNanos();
            if (took > slowestNanos) {
                slowestNanos = took;
                slowestType = answered.type();
            }
        }

        private void stop(String container) throws IOException {
            serve.send("{\"type\":\"stop\",\"id\":\"z-stop-" + container + "\",\"container\":\"" + container + "\"}");
        }

        /** The start of a line, printable, to name a request left unanswered. */
        private static String head(byte[] line) {
            String text = new String(line, 0, Math.min(line.length, 160), StandardCharsets.UTF_8);
            return text.replaceAll("\\p{Cntrl}", "?") + (line.length > 160 ? "... (" + line.length + " bytes)" : "");
        }
    }
}

package org.nsexplorer.helper.rootfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.store.Progress;

/**
 * `debootstrap --variant=minbase --include=procps,iproute2 --force-check-gpg SUITE DIR MIRROR`
 * (minbase has no ps, top or ip, which every lesson types), run in mount and PID
 * namespaces of its own (unshare -m -p) so the /proc and /sys it mounts in DIR and every
 * process it starts cannot outlive it (nor the helper: PDEATHSIG), with its "I:" lines
 * turned into progress and a cancel that ends it. Its maintainer scripts run as root, so
 * only packages signed with a key the host trusts are taken.
 */
public final class Debootstrap {
    public static final Path PROGRAM = Path.of("/usr/sbin/debootstrap");
    /** What the walkthroughs type in a Debian rootfs and minbase lacks: ps, top, pgrep, kill (procps); ip (iproute2). */
    static final String INCLUDED = "procps,iproute2";
    private static final Pattern SUITE = Pattern.compile("[a-z][a-z0-9-]{1,30}");
    private static final Pattern MIRROR = Pattern.compile("https?://[A-Za-z0-9._~:/-]{1,200}");
    private static final Pattern STEP = Pattern.compile("I: (Retrieving|Validating|Extracting|Unpacking|Configuring)"
            + " (\\S+).*");
    /** Packages of a bookworm minbase: only the estimate until the downloads are counted. */
    private static final int EXPECTED_PACKAGES = 90;

    private Debootstrap() {
    }

    public static boolean installed() {
        return Files.isExecutable(PROGRAM);
    }

    public static String checkSuite(String suite) throws InvalidRequestException {
        if (suite == null || !SUITE.matcher(suite).matches()) {
            throw new InvalidRequestException("suite", "suite '" + String.valueOf(suite).replaceAll("\\p{Cntrl}", "?")
                    + "' is not a Debian suite name: use one such as bookworm or trixie");
        }
        return suite;
    }

    public static String checkMirror(String mirror) throws InvalidRequestException {
        if (mirror == null || !MIRROR.matcher(mirror).matches()) {
            throw new InvalidRequestException("mirror", "mirror must be an http:// or https:// address such as"
                    + " http://deb.debian.org/debian");
        }
        return mirror;
    }

    /** The host's codename when it is Debian (so its mirror has it), else bookworm. */
    public static String defaultSuite() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("VERSION_CODENAME=")) {
                    String name = line.substring(17).replace("\"", "");
                    if (SUITE.matcher(name).matches()) {
                        return name;
                    }
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "bookworm";
    }

    /** The first Debian mirror apt uses here, else deb.debian.org. */
    public static String defaultMirror() {
        for (Path sources : List.of(Path.of("/etc/apt/sources.list.d/debian.sources"), Path.of("/etc/apt/sources.list"))) {
            try {
                for (String line : Files.readAllLines(sources)) {
                    Matcher m = Pattern.compile("^(?:URIs:\\s*|deb\\s+)(https?://\\S+/debian)/?(\\s.*)?$")
                            .matcher(line.trim());
                    if (m.matches() && MIRROR.matcher(m.group(1)).matches()) {
                        return m.group(1);
                    }
                }
            } catch (IOException e) {
                // try the next
            }
        }
        return "http://deb.debian.org/debian";
    }

    /** Runs debootstrap into the empty directory DIR; throws CancellationException when cancelled. */
    public static void run(String suite, String mirror, Path dir, Progress progress)
            throws IOException, InvalidRequestException {
        if (!installed()) {
            throw new IOException("debootstrap is not installed on this host: install the Debian package debootstrap");
        }
        // setpriv: debootstrap dies with the helper; --pid --kill-child: with it every process it
        // started; --force-check-gpg: packages only from a Release signed by a key the host trusts.
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--", "unshare", "--mount",
                "--propagation", "private", "--pid", "--fork", "--kill-child", "--", PROGRAM.toString(),
                "--variant=minbase", "--include=" + INCLUDED, "--force-check-gpg", checkSuite(suite), dir.toString(), checkMirror(mirror))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(java.util.Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8"));
        Process p = pb.start();
        p.getOutputStream().close();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread watcher = new Thread(() -> {
            while (p.isAlive()) {
                if (progress.cancelled()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "nsx-debootstrap-cancel");
        watcher.setDaemon(true);
        watcher.start();
        Counter counter = new Counter();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (lastLines.size() == 5) {
                    lastLines.removeFirst();
                }
                lastLines.addLast(line);
                counter.step(line).ifPresent(step -> progress.report(counter.fraction(), step));
            }
        }
        try {
            int status = p.waitFor();
            watcher.interrupt();
            if (progress.cancelled()) {
                throw new CancellationException("debootstrap cancelled");
            }
            if (status != 0) {
                throw new IOException("debootstrap failed (exit " + status + "): " + String.join(" | ", lastLines));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Turns "I: Unpacking libc6..." lines into a fraction, each phase weighted by how long it
     * takes; downloads are counted by their "Retrieving" lines (index files included).
     */
    static final class Counter {
        private String label = "";
        private int inPhase;
        private int retrieved;
        private double shown;

        Optional<String> step(String line) {
            Matcher m = STEP.matcher(line);
            if (!m.matches()) {
                return line.startsWith("I: ") ? Optional.of(line.substring(3)) : Optional.empty();
            }
            String next = switch (m.group(1)) {
                case "Retrieving", "Validating" -> "downloading";
                case "Extracting" -> "extracting";
                case "Unpacking" -> "unpacking";
                default -> "configuring";
            };
            if (!next.equals(label)) {
                label = next;
                inPhase = 0;
            }
            if (m.group(1).equals("Retrieving")) {
                retrieved++;
            }
            if (!m.group(1).equals("Validating")) {
                inPhase++;
            }
            return Optional.of(label + " " + m.group(2).replaceAll("[^A-Za-z0-9.+:~_-]", ""));
        }

        /** Never goes back, even when debootstrap returns to an earlier kind of step. */
        double fraction() {
            int total = label.equals("downloading") ? Math.max(EXPECTED_PACKAGES, retrieved + 1) : Math.max(1, retrieved);
            double within = Math.min(1.0, inPhase / (double) total);
            double now = switch (label) {
                case "downloading" -> 0.40 * within;
                case "extracting" -> 0.40 + 0.10 * within;
                case "unpacking" -> 0.50 + 0.25 * within;
                case "configuring" -> 0.75 + 0.24 * within;
                default -> 0;
            };
            shown = Math.max(shown, now);
            return shown;
        }
    }
}

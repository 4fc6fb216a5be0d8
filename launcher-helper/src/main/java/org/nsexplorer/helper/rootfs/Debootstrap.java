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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.store.Progress;
import org.nsexplorer.helper.store.ProgressStep;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

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
    /** A package's line: "I: Retrieving libc6 2.36-9", "I: Unpacking libc6:amd64...". */
    private static final Pattern PACKAGE_STEP = Pattern.compile(
            "I: (Retrieving|Validating|Extracting|Unpacking|Configuring) ([^\\s.][^\\s]*?)(?::[a-z0-9]+)?(?:\\.\\.\\.| .*)?");
    /** Packages of a bookworm minbase with procps and iproute2 (106 counted here): only the estimate until the downloads are counted. */
    private static final int EXPECTED_PACKAGES = 106;
    /** A line of debootstrap's is untrusted (it names what the mirror sent): bounded before it is passed on. */
    private static final int MAX_TEXT = 200;

    private Debootstrap() {
    }

    public static boolean installed() {
        return Files.isExecutable(PROGRAM);
    }

    public static String checkSuite(String suite) throws InvalidRequestException {
        if (suite == null || !SUITE.matcher(suite).matches()) {
            throw new InvalidRequestException("suite", Word.ROOTFS_DEBOOTSTRAP_SUITE,
                    String.valueOf(suite).replaceAll("\\p{Cntrl}", "?"));
        }
        return suite;
    }

    public static String checkMirror(String mirror) throws InvalidRequestException {
        if (mirror == null || !MIRROR.matcher(mirror).matches()) {
            throw new InvalidRequestException("mirror", Word.ROOTFS_DEBOOTSTRAP_MIRROR);
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
            throw new WordedIOException(Word.ROOTFS_DEBOOTSTRAP_NOT_INSTALLED);
        }
        // setpriv: debootstrap dies with the helper; --pid --kill-child: with it every process it
        // started; --force-check-gpg: packages only from a Release signed by a key the host trusts.
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--", "unshare", "--mount",
                "--propagation", "private", "--pid", "--fork", "--kill-child", "--", PROGRAM.toString(),
                "--variant=minbase", "--include=" + INCLUDED, "--force-check-gpg", checkSuite(suite), dir.toString(), checkMirror(mirror))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8"));
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
                // Quoted in the failure: bounded and printable, as debootstrap's progress steps are.
                String said = line.replaceAll("\\p{Cntrl}", "?");
                lastLines.addLast(said.length() > MAX_TEXT ? said.substring(0, MAX_TEXT) + "..." : said);
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
                throw new WordedIOException(Word.ROOTFS_DEBOOTSTRAP_FAILED, status, String.join(" | ", lastLines));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Turns debootstrap's "I:" lines into steps and a fraction. What it prints, in order: the
     * release file (InRelease) and its signature, the Packages index, the dependencies
     * resolved, then one "Retrieving" per package (no total is printed before the last), one
     * "Extracting" per essential package, "Installing core packages", and one "Unpacking" and
     * "Configuring" per package, the essential ones first, then the rest. Once the downloads
     * are over their count is the total for unpacking and configuring.
     */
    static final class Counter {
        private String phase = "";
        private int downloaded;
        private int extracted;
        private int unpacked;
        private int configured;
        private double shown;

        Optional<ProgressStep> step(String line) {
            if (!line.startsWith("I: ")) {
                return Optional.empty();
            }
            String said = line.substring(3).trim().replaceAll("\\p{Cntrl}", "?");
            if (said.length() > MAX_TEXT) {
                said = said.substring(0, MAX_TEXT);
            }
            Matcher m = PACKAGE_STEP.matcher(line.trim());
            if (said.startsWith("Retrieving InRelease") || said.startsWith("Retrieving Release")
                    || said.startsWith("Validating InRelease") || said.startsWith("Validating Release")) {
                return of("release", "downloading release file", "", 0, 0);
            }
            if (said.startsWith("Checking Release signature")) {
                return of("signature-check", said, "", 0, 0);
            }
            if (said.startsWith("Valid Release signature")) {
                return of("signature-valid", said, said.replaceAll(".*key id ([0-9A-Fa-f]+).*", "$1")
                        .replaceAll("[^0-9A-Fa-f]", ""), 0, 0);
            }
            if (said.startsWith("Retrieving Packages") || said.startsWith("Validating Packages")) {
                return of("index", "downloading Packages", "", 0, 0);
            }
            if (said.startsWith("Resolving dependencies")) {
                return of("resolving", said, "", 0, 0);
            }
            if (said.startsWith("Checking component")) {
                return of("lookup", said, "", 0, 0);
            }
            if (said.startsWith("Installing core packages")) {
                return of("core", said, "", 0, 0);
            }
            if (said.startsWith("Base system installed")) {
                return of("done", said, "", 0, 0);
            }
            if (said.startsWith("Unpacking the base system") || said.startsWith("Unpacking required packages")) {
                return of("unpack", said, "", unpacked, downloaded);
            }
            if (said.startsWith("Configuring the base system") || said.startsWith("Configuring required packages")) {
                return of("configure", said, "", configured, downloaded);
            }
            if (!m.matches()) {
                return of("other", said, said, 0, 0);
            }
            String item = m.group(2).replaceAll("[^A-Za-z0-9.+~_-]", "");
            return switch (m.group(1)) {
                case "Retrieving" -> of("download", "downloading " + item, item, ++downloaded, 0);
                case "Validating" -> of("download", "downloading " + item, item, downloaded, 0);
                case "Extracting" -> of("extract", "extracting " + item, item, ++extracted, 0);
                case "Unpacking" -> of("unpack", "unpacking " + item, item, ++unpacked, downloaded);
                default -> of("configure", "configuring " + item, item, ++configured, downloaded);
            };
        }

        private Optional<ProgressStep> of(String next, String text, String item, int number, int total) {
            phase = next;
            return Optional.of(new ProgressStep(text, next, item, number, total));
        }

        /**
         * Each phase weighted by how long it takes here: downloads 40 %, extracting 10 %, then
         * unpacking and configuring (which take turns: the essential packages, then the rest)
         * together. Never goes back.
         */
        double fraction() {
            double now = switch (phase) {
                case "download" -> 0.40 * downloaded / Math.max(EXPECTED_PACKAGES, downloaded + 1);
                case "extract" -> 0.40 + 0.10 * Math.min(1.0, extracted / (double) Math.max(1, downloaded));
                case "core", "unpack", "configure", "done" -> 0.50 + 0.49 * Math.min(1.0,
                        (unpacked + configured) / (2.0 * Math.max(1, downloaded)));
                default -> 0;
            };
            shown = Math.max(shown, now);
            return shown;
        }
    }
}

package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * The helper's memory as the app runs it: one real `serve` with CONTAINERS sleeping containers
 * launched through it. The JVM's resident and proportional sizes, what its resident pages are
 * (the JVM's own code, the JDK's class archive, the heap and other anonymous memory), and the
 * C stage's proportional size (its monitors share most pages).
 */
public final class ServeMemory {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ServeMemory() {
    }

    /** Prints the figures; returns the JVM's RSS plus the stage's PSS, in KiB. */
    public static long measure(int containers) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("nsx-memory-");
        try (ServeProcess serve = new ServeProcess(dir.resolve("state"))) {
            serve.awaitHello(TIMEOUT);
            Set<String> running = new HashSet<>();
            for (int i = 0; i < containers; i++) {
                serve.send("{\"type\":\"launch\",\"id\":\"m" + i + "\",\"spec\":{\"command\":[\"/bin/sleep\",\"600\"]}}");
            }
            long end = System.nanoTime() + TIMEOUT.toNanos();
            while (running.size() < containers && System.nanoTime() < end) {
                ServeProcess.Message m = serve.poll(Duration.ofMillis(200));
                if (m != null && m.type().equals("started")) {
                    running.add(m.text("container", ""));
                } else if (m != null && m.type().equals("error")) {
                    throw new IOException("a launch failed: " + m.text("message", ""));
                }
            }
            if (running.size() < containers) {
                throw new IOException(running.size() + " of " + containers + " containers started");
            }
            Thread.sleep(1000); // settled: the refreshes a window would ask for are not part of this
            Map<String, Long> rss = residentByMapping(serve.pid());
            long jvmRss = rss.values().stream().mapToLong(Long::longValue).sum();
            long jvmPss = rollup(serve.pid(), "Pss:");
            long stagePss = ProcessHandle.of(serve.pid()).orElseThrow().descendants()
                    .filter(p -> comm(p.pid()).equals("nsx-stage")).mapToLong(p -> rollup(p.pid(), "Pss:")).sum();
            System.out.printf(Locale.ROOT, "helper (serve) with %d containers: JVM %.1f MiB RSS, %.1f MiB PSS;"
                    + " C stage (zygote, spare and %d monitors) %.1f MiB PSS; JVM RSS + stage %.1f MiB%n", containers,
                    jvmRss / 1024.0, jvmPss / 1024.0, containers, stagePss / 1024.0, (jvmRss + stagePss) / 1024.0);
            System.out.printf(Locale.ROOT, "  of the JVM's RSS: libjvm.so %.1f, class archives %.1f (%s), anonymous"
                    + " (heap, metaspace, code, stacks) %.1f, other files %.1f MiB%n",
                    rss.getOrDefault("libjvm", 0L) / 1024.0, rss.getOrDefault("archive", 0L) / 1024.0,
                    HelperPaths.serveArchive().isPresent() ? "the JDK's and serve's own, as the app's helper maps them"
                            : "the JDK's only: serve's own is recorded by the first ./nsx-helper serve after a build",
                    rss.getOrDefault("anonymous", 0L) / 1024.0, rss.getOrDefault("other", 0L) / 1024.0);
            return jvmRss + stagePss;
        } finally {
            TreeRemoval.remove(dir);
        }
    }

    /** Resident KiB of PID by kind of mapping, from /proc/PID/smaps. */
    private static Map<String, Long> residentByMapping(long pid) throws IOException {
        Map<String, Long> kib = new TreeMap<>();
        String kind = "anonymous";
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].contains("-") && f[3].contains(":")) {
                String name = f.length > 5 ? f[5] : "";
                kind = name.isEmpty() || name.startsWith("[") ? "anonymous" : name.endsWith("libjvm.so") ? "libjvm"
                        : name.endsWith(".jsa") ? "archive" : "other";
            } else if (f[0].equals("Rss:")) {
                kib.merge(kind, Long.parseLong(f[1]), Long::sum);
            }
        }
        return kib;
    }

    private static long rollup(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}

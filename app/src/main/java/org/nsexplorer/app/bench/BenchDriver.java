package org.nsexplorer.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nsexplorer.app.LinuxCalls;

/**
 * `./nsx bench` (and `nsx-explorer bench` installed): starts the app's launcher again for
 * each run, so every window is started exactly the way the app is (the same script, runtime,
 * JVM flags, module and class path, class-data-sharing archive); only NSX_BENCH_RUN differs:
 * "minimal" (the launcher swaps in MinimalWindow), "window" (the app, quits when ready) or
 * "full" (the app's AppBench). The two windows alternate (ABBA, so a drifting load favours
 * neither), the first of each is a warm-up and left out; then one full run. Its output
 * follows; its last line stays the memory.
 */
public final class BenchDriver {
    static final String RUN = "NSX_BENCH_RUN";
    private static final Pattern READY = Pattern.compile("^window ready: (\\d+) ms after JVM start$");
    private static final Pattern RESIDENT = Pattern.compile("^window resident memory: ([0-9.]+) MiB$");
    private static final Pattern LAUNCH_READY = Pattern.compile("^launch ready: (\\d+) ms after JVM start$");
    private static final int WINDOW_RUNS = 5;
    private static final int WARM_UPS = 1;
    private static final long RUN_TIMEOUT_SECONDS = 120;
    private static final long FULL_TIMEOUT_SECONDS = 600;
    private final String launcher;

    private BenchDriver(String launcher) {
        this.launcher = launcher;
    }

    /** Whether the helpers a run leaves come back to us to be waited for. */
    private static boolean subreaper;

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchDriver LAUNCHER (packaging/nsx-explorer runs it for `bench`)");
            System.exit(2);
        }
        // The helpers a run leaves (they end as their input closes) become ours, so the next run
        // can wait until they are gone instead of sharing the cores with them.
        try {
            LinuxCalls.becomeChildSubreaper();
            subreaper = true;
        } catch (IOException e) {
            System.err.println("nsx: bench: cannot wait for each run's helper: " + e.getMessage());
        }
        System.exit(new BenchDriver(args[0]).run());
    }

    private int run() throws Exception {
        System.out.println("load before: " + loadAverage());
        Samples minimal = new Samples();
        Samples ours = new Samples();
        Samples launchReady = new Samples();
        Samples minimalRss = new Samples();
        Samples oursRss = new Samples();
        Map<String, Integer> runs = new HashMap<>();
        // The app's first: after a build it records the class-data-sharing archive both then map.
        for (String kind : windowOrder(WINDOW_RUNS)) {
            Samples into = kind.equals("minimal") ? minimal : ours;
            int seen = runs.merge(kind, 1, Integer::sum) - 1;
            long[] ms = windowRun(kind);
            if (ms[0] < 0) {
                return 1;
            }
            if (seen >= WARM_UPS) {
                into.add(ms[0]);
                if (ms[1] >= 0) {
                    launchReady.add(ms[1]);
                }
                (into == minimal ? minimalRss : oursRss).add(ms[2] / 1024.0);
            }
        }
        System.out.printf(Locale.ROOT, "window ready, JVM start to first laid-out frame (median of %d each,"
                + " %d warm-up left out, alternated): minimal %.0f ms, ours %.0f ms%n",
                ours.count(), WARM_UPS, minimal.median(), ours.median());
        System.out.printf(Locale.ROOT, "resident memory at that frame: minimal %.0f MiB, ours %.0f MiB%n",
                minimalRss.median(), oursRss.median());
        System.out.printf(Locale.ROOT, "our Launch enabled (helper said hello): median %.0f ms after JVM start%n",
                launchReady.median());
        System.out.printf(Locale.ROOT, "window ratio: %.2f%n", ours.median() / minimal.median());
        System.out.flush();
        int status = fullRun();
        System.err.println("nsx: bench: load after: " + loadAverage());
        return status;
    }

    /** The app first, then ABBA pairs: window, minimal, minimal, window, window, minimal... N of each. */
    static List<String> windowOrder(int each) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            boolean oursFirst = i % 2 == 0;
            order.add(oursFirst ? "window" : "minimal");
            order.add(oursFirst ? "minimal" : "window");
        }
        return order;
    }

    /**
     * One window started and quit: its ready time and (ours only) when Launch was enabled, in ms
     * after JVM start, and its resident KiB at ready; -1 for one it did not print (a window that
     * printed no ready time is said on stderr).
     */
    private long[] windowRun(String kind) throws Exception {
        Process p = start(kind);
        long[] ready = {-1, -1, -1};
        try (BufferedReader out = reader(p)) {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = READY.matcher(line);
                Matcher l = LAUNCH_READY.matcher(line);
                Matcher r = RESIDENT.matcher(line);
                if (m.matches()) {
                    ready[0] = Long.parseLong(m.group(1));
                } else if (r.matches()) {
                    ready[2] = Math.round(Double.parseDouble(r.group(1)) * 1024);
                } else if (l.matches()) {
                    ready[1] = Long.parseLong(l.group(1));
                }
            }
        }
        int status = finish(p, RUN_TIMEOUT_SECONDS);
        if (ready[0] < 0) {
            System.err.println("nsx: bench: the " + kind + " window printed no ready time (exit " + status + ")");
        }
        return ready;
    }

    /** The app's own bench (launches, idle, stall, memory): its lines, as it prints them. */
    private int fullRun() throws Exception {
        Process p = start("full");
        try (BufferedReader out = reader(p)) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                System.out.flush();
            }
        }
        return finish(p, FULL_TIMEOUT_SECONDS);
    }

    private Process start(String kind) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launcher, "bench");
        pb.environment().put(RUN, kind);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Waits for P, then for what it left (its helper ending), then a second for the machine to settle. */
    private static int finish(Process p, long timeoutSeconds) throws InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            System.err.println("nsx: bench: a run took more than " + timeoutSeconds + " s: stopped");
            return 1;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subreaper && System.nanoTime() < deadline) {
            List<ProcessHandle> left = ProcessHandle.current().children().toList();
            if (left.isEmpty()) {
                break;
            }
            // Orphans are ours to reap (Java waits only for the processes it started): else they stay zombies.
            for (ProcessHandle h : left) {
                try {
                    LinuxCalls.reapIfEnded(h.pid());
                } catch (IOException e) {
                    // not ours to wait for after all (ECHILD): it ends on its own
                }
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        return p.exitValue();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}

package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.bench.Percentiles;
import org.nsexplorer.helper.discover.Discoverer;
import org.nsexplorer.helper.discover.EngineRecords;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.snapshot.Snapshot;
import org.nsexplorer.helper.snapshot.SeeingRule;
import org.nsexplorer.helper.snapshot.Snapshotter;
import org.nsexplorer.helper.spec.ContainerSpec;

/**
 * `./nsx-helper bench snapshot`: with 1,000 extra processes on the host, a full host
 * snapshot and a small container's snapshot against `lsns -J` and `ps -e`, in one run.
 * The last line is `ratio: R` (host snapshot median / lsns median); the lines before it give
 * the targets (issue 15) and the load average, which tells a busy machine's numbers apart.
 * The host snapshot, lsns and ps take turns, so a change in load meets each alike. The
 * container's snapshot is timed there too, right after the host's, and again in a loop of its
 * own: right after a host snapshot it also meets the end of that one (its scanners exiting,
 * the collection of its garbage). `discover` takes its turn in the same loop (issue 16's
 * target: at most 0.3 of lsns -J).
 */
final class SnapshotBench {
    private static final int EXTRA_PROCESSES = 1000;
    private static final int RUNS = 20;
    private static final double HOST_RATIO_TARGET = 0.15;
    private static final double CONTAINER_TARGET_MS = 5;
    private static final double DISCOVER_RATIO_TARGET = 0.3;

    private SnapshotBench() {
    }

    static int run() {
        List<Process> extra = new ArrayList<>();
        try (Engine engine = Helper.openEngine(false)) {
            for (int i = 0; i < EXTRA_PROCESSES; i++) {
                extra.add(new ProcessBuilder("sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            Snapshotter snapshotter = new Snapshotter(engine);
            Discoverer discoverer = new Discoverer(engine, SeeingRule.forThisHelper(), new EngineRecords());
            Container container = engine.launch(ContainerSpec.of(List.of("/bin/sleep", "600")),
                    new ContainerListener() {
                    });
            long pid = container.started().get(20, TimeUnit.SECONDS);

            String loadBefore = loadAverage();
            double[] host = new double[RUNS];
            double[] small = new double[RUNS];
            double[] lsns = new double[RUNS];
            double[] ps = new double[RUNS];
            double[] discover = new double[RUNS];
            int processes = 0;
            for (int i = -3; i < RUNS; i++) {
                long t0 = System.nanoTime();
                Snapshot h = snapshotter.host();
                long t1 = System.nanoTime();
                snapshotter.of(pid);
                long t2 = System.nanoTime();
                double l = spawn("lsns", "-J");
                double p = spawn("ps", "-e");
                long t3 = System.nanoTime();
                discoverer.discover();
                long t4 = System.nanoTime();
                if (i >= 0) {
                    discover[i] = (t4 - t3) / 1e6;
                    host[i] = (t1 - t0) / 1e6;
                    small[i] = (t2 - t1) / 1e6;
                    lsns[i] = l;
                    ps[i] = p;
                    processes = h.processes().size();
                }
            }
            System.out.printf(Locale.ROOT, "host processes: %d (%d of them extra sleeps), %d runs after 3 warm-up%n",
                    processes, EXTRA_PROCESSES, RUNS);
            BenchCommand.print("snapshot of the host", host);
            BenchCommand.print("snapshot of a one-process container", small);
            BenchCommand.print("lsns -J", lsns);
            BenchCommand.print("ps -e", ps);
            BenchCommand.print("discover (the containers others made)", discover);
            double[] alone = new double[RUNS];
            for (int i = -3; i < RUNS; i++) {
                long t0 = System.nanoTime();
                snapshotter.of(pid);
                if (i >= 0) {
                    alone[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            BenchCommand.print("snapshot of that container, in a loop of its own", alone);
            engine.signal(container, 9);
            container.exited().get(10, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "load average (1 min): %s before, %s after%n", loadBefore, loadAverage());
            System.out.printf(Locale.ROOT, "container snapshot median %.2f ms in its own loop, %.2f ms after a host"
                    + " snapshot (target < %.0f ms)%n", Percentiles.median(alone), Percentiles.median(small),
                    CONTAINER_TARGET_MS);
            System.out.printf(Locale.ROOT, "discover / lsns -J: %.2f (target at most %.2f)%n",
                    Percentiles.median(discover) / Percentiles.median(lsns), DISCOVER_RATIO_TARGET);
            System.out.printf(Locale.ROOT, "host snapshot / lsns -J (target at most %.2f)%n", HOST_RATIO_TARGET);
            System.out.printf(Locale.ROOT, "ratio: %.2f%n", Percentiles.median(host) / Percentiles.median(lsns));
            return 0;
        } catch (Exception e) {
            System.err.println("nsx-helper: bench failed: " + e);
            return 1;
        } finally {
            // Exactly the processes this bench started.
            extra.forEach(Process::destroyForcibly);
            for (Process p : extra) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The first field of /proc/loadavg: other work on the machine slows both sides. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double spawn(String... command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}

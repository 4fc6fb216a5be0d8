package org.nsexplorer.helper.cli;

import static org.nsexplorer.helper.bench.Percentiles.median;
import static org.nsexplorer.helper.bench.Percentiles.percentile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.bench.DyingCgroups;
import org.nsexplorer.helper.bench.FuzzBench;
import org.nsexplorer.helper.bench.LaunchBreakdown;
import org.nsexplorer.helper.bench.ServeMemory;
import org.nsexplorer.helper.bench.SoakBench;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.LaunchSteps;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.RootSwitch;

/**
 * `./nsx-helper bench`: in one run, the helper's launch time against util-linux unshare
 * spawned from this same JVM on the same rootfs, where that time goes step by step, what each
 * namespace adds to the clone, and the memory of a real `serve` with 20 containers running.
 * The last lines are `ratio to exit: R` and `ratio: R` (helper median / unshare median, to
 * exited and to started). `bench long-class` compares before and after 1,000 launches.
 */
public final class BenchCommand {
    private static final int WARMUP = 20;
    private static final int RUNS = 200;
    private static final int RESIDENT_CONTAINERS = 20;
    private static final int CLONE_RUNS = 30;
    /** Longer than the stage waits, idle, before it forks its next monitor (SPARE_AFTER_IDLE_MS). */
    private static final int SETTLE_MILLIS = 30;
    private static final int LONG_CLASS_LAUNCHES = 1000;

    private BenchCommand() {
    }

    public static int run(List<String> args) {
        if (!args.isEmpty() && args.get(0).equals("snapshot")) {
            return SnapshotBench.run();
        }
        if (!args.isEmpty() && args.get(0).equals("fuzz")) {
            return FuzzBench.main(args.subList(1, args.size()));
        }
        if (!args.isEmpty() && args.get(0).equals("soak")) {
            return SoakBench.main(args.subList(1, args.size()));
        }
        if (!args.isEmpty() && args.get(0).equals("rootfs")) {
            try {
                return RootfsBench.run(args.subList(1, args.size()));
            } catch (IOException | InterruptedException e) {
                System.err.println("nsx-helper: bench rootfs: " + e.getMessage());
                return 1;
            }
        }
        boolean longClass = !args.isEmpty() && args.get(0).equals("long-class");
        int runs = args.size() == 2 && args.get(0).equals("--runs") ? Integer.parseInt(args.get(1)) : RUNS;
        try (Engine engine = Helper.openEngine(false)) {
            Path rootfs = Helper.defaultRootfs().ensureBuilt();
            // Names no rootfs, as the app's launches of the built-in one: the helper finds it (unshare gets its path).
            ContainerSpec spec = ContainerSpec.of(List.of("/bin/true"))
                    .withLimits(new Limits(OptionalLong.of(256L << 20), OptionalDouble.empty(), OptionalLong.of(64)));
            engine.timeLaunchSteps();
            if (longClass) {
                return longClass(engine, spec, rootfs);
            }
            Comparison c = compare(engine, spec, rootfs, runs);
            System.out.printf(Locale.ROOT, "launch of /bin/true, mnt,uts,ipc,net,pid + memory and pids limits,"
                    + " %d runs after %d warm-up%n", runs, WARMUP);
            c.print();
            LaunchBreakdown.print(c.steps(), engine.cgroups().version() + ": " + engine.cgroups().dirsFor("x").size()
                    + " directories");
            cloneByNamespace(engine, rootfs);
            ServeMemory.measure(RESIDENT_CONTAINERS);
            System.out.printf(Locale.ROOT, "ratio to exit (helper exited / unshare): %.2f%n", c.ratioToExit());
            System.out.printf(Locale.ROOT, "ratio: %.2f%n", c.ratioToStarted());
            return 0;
        } catch (Exception e) {
            System.err.println("nsx-helper: bench failed: " + e);
            return 1;
        }
    }

    /** The helper's launches and unshare's, alternated, with each launch's step marks. */
    private record Comparison(double[] started, double[] exited, double[] unshare, List<Map<String, Long>> steps) {
        void print() {
            BenchCommand.print("helper: request -> started", started);
            BenchCommand.print("helper: request -> exited and cleaned up", exited);
            BenchCommand.print("unshare (spawned from this JVM): spawn -> exited", unshare);
        }

        double ratioToExit() {
            return median(exited) / median(unshare);
        }

        double ratioToStarted() {
            return median(started) / median(unshare);
        }
    }

    private static Comparison compare(Engine engine, ContainerSpec spec, Path rootfs, int runs) throws Exception {
        List<String> unshare = List.of("unshare", "--fork", "--pid", "--mount-proc", "--mount", "--uts", "--ipc",
                "--net", "--root=" + rootfs, "/bin/true");
        Comparison c = new Comparison(new double[runs], new double[runs], new double[runs], new ArrayList<>());
        for (int i = -WARMUP; i < runs; i++) {
            // Alternate the two so that neither gets a quieter machine, and let each start on an
            // idle one: what the stage does between launches (it forks its next monitor) must
            // not run on unshare's clock, nor unshare's exit on ours.
            Map<String, Long> marks = launchOnce(engine, spec).steps().marks();
            Thread.sleep(SETTLE_MILLIS);
            double reference = spawnOnce(unshare);
            Thread.sleep(SETTLE_MILLIS);
            if (i >= 0) {
                c.started()[i] = (marks.get(LaunchSteps.STARTED_HEARD) - marks.get(LaunchSteps.CALLED)) / 1e6;
                c.exited()[i] = (marks.get(LaunchSteps.RELEASED) - marks.get(LaunchSteps.CALLED)) / 1e6;
                c.unshare()[i] = reference;
                c.steps().add(marks);
            }
        }
        return c;
    }

    /**
     * `bench long-class`: the comparison, then a class's worth of launches, then the comparison
     * again, with the kernel's dying cgroups (removed, still held by charged memory) each time.
     */
    private static int longClass(Engine engine, ContainerSpec spec, Path rootfs) throws Exception {
        System.out.printf(Locale.ROOT, "long class: %d runs against unshare, %d launches, %d runs again%n",
                RUNS / 2, LONG_CLASS_LAUNCHES, RUNS / 2);
        System.out.println("before: " + DyingCgroups.describe());
        Comparison before = compare(engine, spec, rootfs, RUNS / 2);
        before.print();
        for (int i = 0; i < LONG_CLASS_LAUNCHES; i++) {
            launchOnce(engine, spec);
        }
        System.out.println("after " + LONG_CLASS_LAUNCHES + " launches: " + DyingCgroups.describe());
        Comparison after = compare(engine, spec, rootfs, RUNS / 2);
        after.print();
        System.out.printf(Locale.ROOT, "ratio to exit before %.2f, after %.2f; to started before %.2f, after %.2f%n",
                before.ratioToExit(), after.ratioToExit(), before.ratioToStarted(), after.ratioToStarted());
        System.out.printf(Locale.ROOT, "ratio: %.2f%n", after.ratioToExit());
        return 0;
    }

    /** One launch, waited for until it exited and everything of it is removed. */
    private static Container launchOnce(Engine engine, ContainerSpec spec) throws Exception {
        Container c = engine.launch(spec, new ContainerListener() {
        });
        c.exited().get(10, TimeUnit.SECONDS);
        return c;
    }

    /** What each namespace alone adds to the clone (a launch with it alone, against one with none). */
    private static void cloneByNamespace(Engine engine, Path rootfs) throws Exception {
        ContainerSpec bare = ContainerSpec.of(List.of("/bin/true")).withRootfs(rootfs)
                .withRootSwitch(RootSwitch.CHROOT);
        StringBuilder line = new StringBuilder("clone, median ms, with no namespace ");
        line.append(String.format(Locale.ROOT, "%.2f", cloneMillis(engine, bare.withNamespaces(Set.of()))));
        for (Namespace ns : List.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.NET, Namespace.PID,
                Namespace.CGROUP)) {
            line.append(String.format(Locale.ROOT, ", %s %.2f", ns.procName(), cloneMillis(engine,
                    bare.withNamespaces(Set.of(ns)))));
        }
        System.out.println(line);
    }

    private static double cloneMillis(Engine engine, ContainerSpec spec) throws Exception {
        double[] millis = new double[CLONE_RUNS];
        for (int i = -WARMUP / 4; i < CLONE_RUNS; i++) {
            Map<String, Long> marks = launchOnce(engine, spec).steps().marks();
            Thread.sleep(SETTLE_MILLIS);
            if (i >= 0) {
                millis[i] = (marks.get("child") - marks.get("clone")) / 1e6;
            }
        }
        return median(millis);
    }

    private static double spawnOnce(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        int status = p.waitFor();
        long t1 = System.nanoTime();
        if (status != 0) {
            throw new IOException("unshare exited with " + status);
        }
        return (t1 - t0) / 1e6;
    }

    static void print(String what, double[] millis) {
        System.out.printf(Locale.ROOT, "%-50s median %6.2f ms   p95 %6.2f ms%n", what, median(millis),
                percentile(millis, 95));
    }
}

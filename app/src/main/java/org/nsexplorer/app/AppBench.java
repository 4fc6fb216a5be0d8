package org.nsexplorer.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.util.Duration;
import org.nsexplorer.app.bench.ProcessCpu;
import org.nsexplorer.app.bench.Samples;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.compare.CompareSnapshot;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.MainView;
import org.nsexplorer.app.ui.NextPulse;

/**
 * The app's part of `./nsx bench` (BenchDriver measures the window's start): Launch click to
 * views filled over 20 launches with the process trees on screen, each container stopped and
 * gone before the next; the CPU that the app and its helper use while one container shows its
 * processes and nothing happens; the longest stall of the FX thread while the views refresh
 * with 1,000 extra host processes; resident memory (the last line). Prints the figures and quits.
 */
final class AppBench {
    private static final int LAUNCHES = 20;
    private static final int WARM_UPS = 1;
    private static final int IDLE_SETTLE_SECONDS = 3;
    private static final int IDLE_SECONDS = 10;
    private static final int EXTRA_PROCESSES = 1000;
    private static final int STALL_SECONDS = 10;
    private final MainView view;
    private final CompareModel compare;
    private final Scene scene;
    private final Button launch;
    private final Samples clickToViews = new Samples();
    private final Samples clickToRunning = new Samples();
    private final Samples requestToStarted = new Samples();
    private final Samples runningToShown = new Samples();
    private final Samples shownToFrame = new Samples();
    private final List<Process> extra = new ArrayList<>();
    private final AtomicLong longestStallNanos = new AtomicLong();
    private int launched;

    AppBench(MainView view, CompareModel compare, Scene scene) {
        this.view = view;
        this.compare = compare;
        this.scene = scene;
        this.launch = (Button) view.lookup("#" + Ids.LAUNCH);
    }

    /** Call on the FX thread once the window is showing: the launches start when the helper is ready. */
    void start() {
        // The busiest view on screen, the one a class watches after Launch: both process trees.
        view.showTab("processes");
        if (!launch.isDisabled()) {
            Platform.runLater(this::launchNext);
            return;
        }
        launch.disableProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean disabled) {
                if (!disabled) {
                    launch.disableProperty().removeListener(this);
                    Platform.runLater(AppBench.this::launchNext);
                }
            }
        });
        // A bench that waits for ever measures nothing: a hung launch is said and ends it.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(8));
                System.err.println("nsx: bench: no end after 8 minutes (" + launched + " launches)");
                System.exit(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nsx-bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * On the FX thread: clicks Launch and times it to the first laid-out frame that shows the
     * new container's first comparison; then stops it and, once it has exited, goes on.
     */
    private void launchNext() {
        boolean keep = launched == WARM_UPS + LAUNCHES; // the last stays running for the idle figure
        long click = System.nanoTime();
        launch.fire();
        ContainerModel model = view.selected();
        launched++;
        long[] running = new long[1];
        model.stateProperty().addListener((o, was, now) -> {
            if (now == ContainerState.RUNNING && running[0] == 0) {
                running[0] = System.nanoTime();
            }
            if (now == ContainerState.FAILED) {
                System.err.println("nsx: bench: the launch failed: " + model.messageProperty().get());
                System.exit(1);
            }
        });
        onFirstComparison(model, shownAt -> {
            long framed = System.nanoTime();
            if (launched > WARM_UPS && !keep) {
                clickToViews.add((framed - click) / 1e6);
                clickToRunning.add((running[0] - click) / 1e6);
                requestToStarted.add(model.startMillis());
                runningToShown.add((shownAt - running[0]) / 1e6);
                shownToFrame.add((framed - shownAt) / 1e6);
            }
            if (keep) {
                System.out.printf(Locale.ROOT, "launch click to views filled, %d launches (%d warm-up left out):"
                        + " median %.0f ms, p95 %.0f ms%n", clickToViews.count(), WARM_UPS, clickToViews.median(),
                        clickToViews.p95());
                // Where it goes: the helper's launch (to "started" seen on the FX thread), the first
                // comparison (asked at "started": the helper's snapshot, the parse), the views' frame.
                System.out.printf(Locale.ROOT, "  medians: click to running %.0f ms (of which the helper, request"
                        + " written to \"started\" read: %.0f ms), running to comparison shown %.0f ms,"
                        + " shown to laid-out frame %.0f ms%n", clickToRunning.median(), requestToStarted.median(),
                        runningToShown.median(), shownToFrame.median());
                // The same parts at p95: which of them a slow launch was slow in.
                System.out.printf(Locale.ROOT, "  p95s: click to running %.0f ms (the helper %.0f ms), running to"
                        + " comparison shown %.0f ms, shown to laid-out frame %.0f ms%n", clickToRunning.p95(),
                        requestToStarted.p95(), runningToShown.p95(), shownToFrame.p95());
                new Thread(this::measureIdleThenStalls, "nsx-bench").start();
                return;
            }
            whenGone(model, this::launchNext);
            view.stop(model);
        });
    }

    /**
     * Runs THEN at the first laid-out pulse after MODEL's first comparison reached the views,
     * with the System.nanoTime() at which it reached them.
     */
    private void onFirstComparison(ContainerModel model, LongConsumer then) {
        ChangeListener<CompareSnapshot> filled = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends CompareSnapshot> o, CompareSnapshot was,
                    CompareSnapshot now) {
                if (now != null && view.selected() == model) {
                    compare.latestProperty().removeListener(this);
                    long shownAt = System.nanoTime();
                    NextPulse.after(scene, () -> then.accept(shownAt));
                }
            }
        };
        compare.latestProperty().addListener(filled);
    }

    /** Runs THEN (later on the FX thread) once MODEL has exited: its cgroups and monitor are gone. */
    private static void whenGone(ContainerModel model, Runnable then) {
        model.stateProperty().addListener((o, was, now) -> {
            if (now == ContainerState.EXITED) {
                Platform.runLater(then);
            }
        });
    }

    private void measureIdleThenStalls() {
        try {
            measureIdle();
            measureStalls();
            System.out.printf(Locale.ROOT, "app resident memory: %.1f MiB%n", rssKiB() / 1024.0);
        } catch (Exception e) {
            System.err.println("nsx: bench: " + e);
        } finally {
            // Exactly the processes this bench started: the shell's children, then the shell.
            extra.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
            extra.forEach(Process::destroyForcibly);
            Platform.runLater(() -> new PauseTransition(Duration.millis(10)).play());
            Platform.runLater(Platform::exit);
        }
    }

    /**
     * CPU time of this JVM and of everything below it (the helper's JVM, its stage, the
     * stage's probers through their parents' reaped-children time, the container) over
     * IDLE_SECONDS of nothing happening but the window's own refreshes.
     */
    private void measureIdle() throws InterruptedException {
        Thread.sleep(IDLE_SETTLE_SECONDS * 1000L);
        long self = ProcessHandle.current().pid();
        List<Long> helperBefore = helperPids();
        var appBefore = ProcessCpu.read(List.of(self));
        var threadsBefore = ProcessCpu.threads(self);
        var helperStart = ProcessCpu.read(helperBefore);
        var helperNames = names(helperBefore);
        long start = System.nanoTime();
        Thread.sleep(IDLE_SECONDS * 1000L);
        var appAfter = ProcessCpu.read(List.of(self));
        var threadsAfter = ProcessCpu.threads(self);
        List<Long> helperAfter = Stream.concat(helperBefore.stream(), helperPids().stream()).distinct().toList();
        var helperEnd = ProcessCpu.read(helperAfter);
        helperNames.putAll(names(helperAfter));
        double seconds = (System.nanoTime() - start) / 1e9;
        double app = percent(ProcessCpu.spent(appBefore, appAfter), seconds);
        double helper = percent(ProcessCpu.spent(helperStart, helperEnd), seconds);
        System.out.printf(Locale.ROOT, "idle: app %.1f %% + helper %.1f %% = %.1f %% of one core"
                + " (%d s, one container on the Processes view)%n", app, helper, app + helper, IDLE_SECONDS);
        // Where it goes: the app's busiest threads, and the helper's processes by name.
        StringBuilder where = new StringBuilder("  app threads:");
        ProcessCpu.busiest(threadsBefore, threadsAfter, 6).forEach(e -> where.append(String.format(Locale.ROOT,
                " %s %.1f %%,", e.getKey(), percent(e.getValue(), seconds))));
        where.setLength(where.length() - 1);
        where.append("\n  helper processes:");
        Map<String, Long> helperTicks = new HashMap<>();
        helperEnd.forEach((pid, now) -> {
            var then = helperStart.get(pid);
            long spent = then != null && then.startTicks() == now.startTicks() ? now.cpuTicks() - then.cpuTicks()
                    : now.cpuTicks();
            helperTicks.merge(helperNames.getOrDefault(pid, "?"), spent, Long::sum);
        });
        helperTicks.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> where.append(
                        String.format(Locale.ROOT, " %s %.1f %%,", e.getKey(), percent(e.getValue(), seconds))));
        where.setLength(where.length() - 1);
        System.out.println(where);
    }

    /** The command names of PIDS (the stage's processes are all nsx-stage; the helper's JVM java). */
    private static Map<Long, String> names(List<Long> pids) {
        Map<Long, String> names = new HashMap<>();
        for (long pid : pids) {
            try {
                names.put(pid, ProcessCpu.name(Files.readString(Path.of("/proc/" + pid + "/stat"))));
            } catch (Exception e) {
                // gone
            }
        }
        return names;
    }

    private static List<Long> helperPids() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    }

    private static double percent(long ticks, double seconds) {
        return 100.0 * ticks / ProcessCpu.TICKS_PER_SECOND / seconds;
    }

    /** Posts a task to the FX thread every 5 ms; the longest wait is the longest FX-thread stall. */
    private void measureStalls() throws Exception {
        // One shell starts them: a Process per sleep would add a JVM reaper thread each to our own figures.
        extra.add(new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt " + EXTRA_PROCESSES
                + " ]; do sleep 600 & i=$((i+1)); done; wait").start());
        Thread.sleep(2000);
        ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
        probe.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> longestStallNanos.accumulateAndGet(System.nanoTime() - posted, Math::max));
        }, 0, 5, TimeUnit.MILLISECONDS);
        Thread.sleep(STALL_SECONDS * 1000L);
        probe.shutdownNow();
        System.out.printf(Locale.ROOT, "longest FX-thread stall in %d s of refreshes with %d extra processes: %.1f ms%n",
                STALL_SECONDS, EXTRA_PROCESSES, longestStallNanos.get() / 1e6);
    }

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}

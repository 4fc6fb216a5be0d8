package org.nsexplorer.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.util.Duration;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.ui.MainView;

/**
 * `./nsx bench`: JVM start to window ready, Launch click to views filled, the longest stall
 * of the FX thread while the views refresh with 1,000 extra host processes, and resident
 * memory. Prints the figures and quits.
 */
final class AppBench {
    private static final int EXTRA_PROCESSES = 1000;
    private static final int STALL_SECONDS = 10;
    private final MainView view;
    private final CompareModel compare;
    private final List<Process> extra = new ArrayList<>();
    private final AtomicLong longestStallNanos = new AtomicLong();
    private long clickNanos;

    AppBench(MainView view, CompareModel compare) {
        this.view = view;
        this.compare = compare;
    }

    /** Call on the FX thread once the window is showing. */
    void start() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        // The window is ready when the FX thread next runs after show().
        Platform.runLater(() -> System.out.printf(Locale.ROOT, "window ready: %d ms after JVM start%n",
                System.currentTimeMillis() - jvmStart));
        Button launch = (Button) view.lookup("#launch");
        launch.disableProperty().addListener((o, was, disabled) -> {
            if (!disabled && clickNanos == 0) {
                clickNanos = System.nanoTime();
                launch.fire();
            }
        });
        compare.latestProperty().addListener((o, was, now) -> {
            if (now != null && was == null && clickNanos > 0) {
                System.out.printf(Locale.ROOT, "launch click to views filled: %.0f ms%n",
                        (System.nanoTime() - clickNanos) / 1e6);
                clickNanos = -1;
                view.showTab("processes"); // the views being refreshed are the ones on screen
                new Thread(this::measureStalls, "nsx-bench").start();
            }
        });
    }

    /** Posts a task to the FX thread every 5 ms; the longest wait is the longest FX-thread stall. */
    private void measureStalls() {
        try {
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

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}

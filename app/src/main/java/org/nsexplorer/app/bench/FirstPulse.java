package org.nsexplorer.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import org.nsexplorer.app.ui.NextPulse;

/**
 * When a window is ready: the first pulse that has styled and laid out its scene after it was
 * shown (what the next frame draws). The bench's minimal window and the app use this one
 * definition, so the two figures compare.
 */
public final class FirstPulse {
    private FirstPulse() {
    }

    /** Call on the FX thread right after show(): prints the line the bench driver reads, then runs THEN. */
    public static void report(Scene scene, Runnable then) {
        NextPulse.after(scene, () -> {
            System.out.printf(Locale.ROOT, "window ready: %d ms after JVM start%n", sinceJvmStartMillis());
            System.out.printf(Locale.ROOT, "window resident memory: %.1f MiB%n", residentKiB() / 1024.0);
            System.out.flush();
            then.run();
        });
    }

    /**
     * Call on the FX thread: once BUTTON is enabled (the app's Launch, when its helper said hello)
     * prints "launch ready: N ms after JVM start", then runs THEN.
     */
    public static void reportEnabled(Node button, Runnable then) {
        Runnable report = () -> {
            System.out.printf(Locale.ROOT, "launch ready: %d ms after JVM start%n", sinceJvmStartMillis());
            System.out.flush();
            then.run();
        };
        if (!button.isDisabled()) {
            report.run();
            return;
        }
        button.disabledProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean disabled) {
                if (!disabled) {
                    button.disabledProperty().removeListener(this);
                    report.run();
                }
            }
        });
    }

    /** This process's resident memory (VmRSS), in KiB; 0 when /proc does not say. */
    public static long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux's /proc: no figure
        }
        return 0;
    }

    /** Milliseconds since the JVM started (the JVM's own record of it, the same for both windows). */
    static long sinceJvmStartMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}

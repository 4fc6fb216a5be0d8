package org.nsexplorer.app.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javafx.scene.Scene;

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
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            System.out.printf(Locale.ROOT, "window ready: %d ms after JVM start%n", sinceJvmStartMillis());
            System.out.flush();
            then.run();
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    /** Milliseconds since the JVM started (the JVM's own record of it, the same for both windows). */
    static long sinceJvmStartMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}

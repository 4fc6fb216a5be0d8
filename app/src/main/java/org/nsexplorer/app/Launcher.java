package org.nsexplorer.app;

/**
 * Entry point of the shaded jar. JavaFX refuses to start an Application subclass named as
 * the main class when it sits on the classpath, so a plain class hands over to it.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        try {
            // First, before any thread or pipe exists: no other program of the user may reach into the app.
            org.nsexplorer.app.helper.NonDumpable.ensure();
        } catch (java.io.IOException e) {
            System.err.println("nsx: " + e.getMessage()); // the window says it again when the helper does not start
        }
        NamespaceExplorerApp.main(args);
    }
}

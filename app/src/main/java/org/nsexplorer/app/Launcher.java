package org.nsexplorer.app;

/**
 * Entry point of the shaded jar. JavaFX refuses to start an Application subclass named as
 * the main class when it sits on the classpath, so a plain class hands over to it.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        NamespaceExplorerApp.main(args);
    }
}

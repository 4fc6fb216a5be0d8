package org.nsexplorer.app;

import org.nsexplorer.app.ui.Texts;

/**
 * Entry point of the app's jar. JavaFX refuses to start an Application subclass named as
 * the main class when it sits on the classpath, so a plain class hands over to it; and the
 * jar holds no JavaFX, which must come from the module path (./nsx gives it), so this class
 * says so instead of failing on a missing class.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("javafx.graphics").isEmpty()) {
            System.err.println(Texts.get("start.noJavaFxModules"));
            System.exit(1);
        }
        NamespaceExplorerApp.main(args);
    }
}

package org.nsexplorer.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.nsexplorer.app.bench.FirstPulse;
import org.nsexplorer.app.ui.Texts;

/**
 * The bench's yardstick: one Label in a window of the app's size, started by the app's own
 * launcher with the same runtime, flags and paths (`./nsx bench` swaps only the main class).
 * Prints when its first frame is laid out, as the app does in the bench, and quits.
 */
public final class MinimalWindow {
    private MinimalWindow() {
    }

    public static void main(String[] args) {
        // Like Launcher: JavaFX will not start an Application named as the class path's main class.
        Application.launch(Window.class, args);
    }

    /** The window itself. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            String title = Texts.get("app.title");
            Scene scene = new Scene(new Label(title), 1280, 800);
            stage.setTitle(title);
            stage.setScene(scene);
            stage.show();
            FirstPulse.report(scene, Platform::exit);
        }
    }
}

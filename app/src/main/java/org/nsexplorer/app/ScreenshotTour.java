package org.nsexplorer.app;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.ui.MainView;
import org.nsexplorer.app.ui.Screenshots;

/**
 * `./nsx --screenshots DIR`: launches the classic container once the helper is ready, waits
 * for the views to fill, and writes the standard PNGs (1280x800, then 1024x768 zoomed for a
 * projector), then quits. Everything shown is real: a real container on this host.
 */
final class ScreenshotTour {
    private final Path dir;
    private final Stage stage;
    private final Scene scene;
    private final MainView view;
    private final ContainerSession session;
    private final CompareModel compare;
    private final DoubleConsumer zoom;

    ScreenshotTour(Path dir, Stage stage, Scene scene, MainView view, ContainerSession session, CompareModel compare,
            DoubleConsumer zoom) {
        this.dir = dir;
        this.stage = stage;
        this.scene = scene;
        this.view = view;
        this.session = session;
        this.compare = compare;
        this.zoom = zoom;
    }

    void start() {
        view.lookup("#launch").disableProperty().addListener((o, was, disabled) -> {
            if (!disabled && session.containers().isEmpty()) {
                ((javafx.scene.control.Button) view.lookup("#launch")).fire();
            }
        });
        compare.latestProperty().addListener((o, was, now) -> {
            if (now != null && was == null) {
                after(0.5, this::shoot);
            }
        });
        after(60, () -> {
            System.err.println("nsx: screenshots: the views did not fill within 60 s");
            Platform.exit();
        });
    }

    private void shoot() {
        try {
            Screenshots.write(scene, dir.resolve("default-launch-1280x800.png"));
            stage.setWidth(1024);
            stage.setHeight(768);
            zoom.accept(1.25);
            after(0.5, () -> {
                try {
                    Screenshots.write(scene, dir.resolve("default-launch-projector-1024x768.png"));
                } catch (Exception e) {
                    System.err.println("nsx: screenshots: " + e.getMessage());
                }
                Platform.exit();
            });
        } catch (Exception e) {
            System.err.println("nsx: screenshots: " + e.getMessage());
            Platform.exit();
        }
    }

    private static void after(double seconds, Runnable action) {
        PauseTransition pause = new PauseTransition(Duration.seconds(seconds));
        pause.setOnFinished(e -> action.run());
        pause.play();
    }
}

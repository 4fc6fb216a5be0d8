package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nsexplorer.app.support.OnFx.onFx;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A hidden view's refresh waits until the view shows, and then runs once: the switcher's views
 * behind another (a group of their own, or a segment of a group) cost nothing at each refresh.
 */
class WhenOnScreenTest extends FxRobot {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aViewBehindAnotherIsRefreshedOnceWhenItShowsAndAtOnceWhileItShows() throws Exception {
        ViewSwitcher switcher = new ViewSwitcher();
        Label mounts = new Label("mounts");
        AtomicInteger refreshes = new AtomicInteger();
        WhenOnScreen refresh = onFx(() -> {
            switcher.add("terminal", new Label("terminal"));
            switcher.addGroup("files", false, new ViewSwitcher.View("mounts", mounts),
                    new ViewSwitcher.View("layers", new Label("layers")));
            switcher.attachAllSoon();
            Stage stage = (Stage) FxToolkit.toolkitContext().getRegisteredStage();
            stage.setScene(new Scene(new VBox(switcher), 640, 400));
            stage.show();
            return new WhenOnScreen(mounts, refreshes::incrementAndGet);
        });
        // The switcher puts its views in the window one a frame, hidden but for the one shown.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> mounts.getScene() != null));

        onFx(() -> {
            refresh.request();
            refresh.request();
            return null;
        });
        assertEquals(0, refreshes.get(), "refreshed while another group showed");
        onFx(() -> {
            switcher.show("layers");
            return null;
        });
        assertEquals(0, refreshes.get(), "refreshed while its group showed the other segment");
        onFx(() -> {
            switcher.show("mounts");
            return null;
        });
        assertEquals(1, refreshes.get(), "once, as it came on screen, for the two requests");

        onFx(() -> {
            refresh.request();
            return null;
        });
        assertEquals(2, refreshes.get(), "at once while on screen");

        onFx(() -> {
            switcher.show("terminal");
            refresh.request();
            switcher.show("files");
            return null;
        });
        assertEquals(3, refreshes.get(), "when its group came back with it");
        onFx(() -> {
            switcher.show("terminal");
            switcher.show("files");
            return null;
        });
        assertEquals(3, refreshes.get(), "again with nothing asked");
    }

    @Test
    void aViewInNoWindowIsRefreshedAtOnce() throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        onFx(() -> {
            Label alone = new Label("alone");
            alone.setVisible(false);
            new WhenOnScreen(alone, refreshes::incrementAndGet).request();
            return null;
        });
        assertEquals(1, refreshes.get(), "a view no window lays out is up to date at once");
    }
}

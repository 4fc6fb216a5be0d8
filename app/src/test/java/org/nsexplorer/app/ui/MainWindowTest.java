package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.NamespaceExplorerApp;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window, headless (Monocle), driving the real helper as root: what a teacher clicks
 * and what the class then sees.
 */
class MainWindowTest extends FxRobot {
    private javafx.application.Application app;

    @BeforeEach
    void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(NamespaceExplorerApp.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !lookup("#" + Ids.LAUNCH).queryButton().isDisabled());
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
    }

    /** The list's rows as text, copied on the FX thread (the views change them there every second). */
    private java.util.List<String> lines(String id) throws Exception {
        ListView<?> view = lookup("#" + id).queryListView();
        return WaitForAsyncUtils.asyncFx(() -> view.getItems().stream().map(Object::toString).toList())
                .get(5, TimeUnit.SECONDS);
    }

    private void awaitLine(String listId, Predicate<String> wanted) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lines(listId).stream().anyMatch(wanted));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no such line in " + listId + ": " + lines(listId), e);
        }
    }

    @Test
    void theDefaultLaunchShowsPid1InTheContainerTree() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.matches(".*text=\\s*1 ⇐ .*"));
        awaitLine(Ids.HOST_PROCESSES, line -> line.contains("► ") && line.contains("[PID 1 inside]"));
    }

    @Test
    void withPidOffContainerPidsEqualHostPids() throws Exception {
        clickOn("#" + Ids.namespaceToggle("pid"));
        assertTrue(!lookup("#" + Ids.namespaceToggle("pid")).queryAs(CheckBox.class).isSelected());
        clickOn("#" + Ids.LAUNCH);
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.contains(" ⇐ "));
        String line = lines(Ids.CONTAINER_PROCESSES).get(0);
        String[] pids = line.replaceAll(".*text=\\s*(\\d+) ⇐ (\\d+).*", "$1 $2").split(" ");
        assertEquals(pids[0], pids[1], line);
    }

    @Test
    void aHostnameAppearsInBothHostnamePanes() throws Exception {
        TextField hostname = lookup("#" + Ids.HOSTNAME_FIELD).queryAs(TextField.class);
        interact(() -> hostname.setText("classroom-42"));
        clickOn("#" + Ids.LAUNCH);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "classroom-42".equals(
                lookup("#" + Ids.CONTAINER_HOSTNAME).queryAs(Label.class).getText()));
        String host = lookup("#" + Ids.HOST_HOSTNAME).queryAs(Label.class).getText();
        assertEquals(java.net.InetAddress.getLocalHost().getHostName(), host);
        Button stop = lookup("#" + Ids.STOP).queryButton();
        assertTrue(!stop.isDisabled());
    }
}

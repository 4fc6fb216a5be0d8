package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The Commands tab: under the shell script, the systemd-nspawn line in its own box, and what it cannot give. */
class CommandsTabTest extends AppWindowTest {

    private String text(String id) throws Exception {
        TextArea area = lookup("#" + id).queryAs(TextArea.class);
        return WaitForAsyncUtils.asyncFx(() -> area.getText()).get(5, TimeUnit.SECONDS);
    }

    private List<Label> missingItems() throws Exception {
        VBox missing = lookup("#" + Ids.NSPAWN_MISSING).queryAs(VBox.class);
        return WaitForAsyncUtils.asyncFx(() -> missing.getChildren().stream().map(Label.class::cast).toList())
                .get(5, TimeUnit.SECONDS);
    }

    private void openCommandsOfANewContainer() throws Exception {
        TextField hostname = lookup("#" + Ids.HOSTNAME_FIELD).queryAs(TextField.class);
        interact(() -> hostname.setText("by-nspawn"));
        clickOn("#" + Ids.LAUNCH);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !lookup("#" + Ids.STOP).queryButton().isDisabled());
        showTab("commands");
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> text(Ids.NSPAWN_LINE).startsWith("systemd-nspawn -D "));
        } catch (TimeoutException e) {
            throw new AssertionError("no nspawn line: '" + text(Ids.NSPAWN_LINE) + "'", e);
        }
    }

    @Test
    void theNspawnLineAndWhatItCannotGiveShowUnderTheScript() throws Exception {
        openCommandsOfANewContainer();
        String line = text(Ids.NSPAWN_LINE);
        assertTrue(line.contains(" --hostname=by-nspawn ") && line.contains(" --private-network ")
                && line.endsWith(" /bin/sh"), line);
        assertTrue(text(Ids.COMMANDS).contains("unshare "), "the shell script stays above it");
        List<String> items = missingItems().stream().map(Label::getText).toList();
        // The app's default recipe: no cgroup namespace, no /sys, a rootfs left as it is, lo down; in the app's words.
        assertEquals(List.of("• " + Texts.get("commands.nspawn.missing.cgroup"),
                "• " + Texts.get("commands.nspawn.missing.mounts"),
                "• " + Texts.get("commands.nspawn.missing.rootfs-writes"),
                "• " + Texts.get("commands.nspawn.missing.loopback")), items);

        String docker = text(Ids.DOCKER_LINES);
        assertTrue(docker.startsWith("tar -C ") && docker.contains(" | docker import - nsx/")
                && docker.contains("\ndocker run --rm -it --hostname=by-nspawn ") && docker.endsWith(" /bin/sh"),
                docker);

        clickOn("#" + Ids.COPY_NSPAWN);
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS);
        assertEquals(line, copied, "the nspawn box's own Copy copies the line alone");
    }

    @Test
    void atProjectorZoomTheNspawnBoxIsReadable() throws Exception {
        interact(() -> {
            Window window = lookup("#" + Ids.LAUNCH).query().getScene().getWindow();
            window.setWidth(1024);
            window.setHeight(768);
        });
        press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        openCommandsOfANewContainer();
        WaitForAsyncUtils.waitForFxEvents();
        for (Label item : missingItems()) {
            assertTrue(item.getFont().getSize() >= 18, item.getText() + ": " + item.getFont().getSize() + " px");
        }
        TextArea line = lookup("#" + Ids.NSPAWN_LINE).queryAs(TextArea.class);
        assertTrue(line.getFont().getSize() >= 18, "the line at " + line.getFont().getSize() + " px");
        assertTrue(line.getHeight() > 2 * line.getFont().getSize(), "the line's box shows more than one row: "
                + line.getHeight());
        assertTrue(lookup("#" + Ids.COPY_NSPAWN).queryButton().isVisible());
    }
}
